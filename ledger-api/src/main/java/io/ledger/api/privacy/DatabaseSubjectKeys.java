package io.ledger.api.privacy;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.SecretKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The default key store: the {@code data_subject_key} table of the ledger's own database (ADR 0021). A new
 * key commits in its own transaction, before the event sealed with it: were it written in the event's
 * transaction and that rolled back, a key cached here would seal later events under a key the table lost.
 *
 * <p>That transaction runs on connections of its own ({@code keyConnections}, a pool of two), never the
 * application's pool: a key is made while the event's transaction holds one of those, and with every
 * connection of the pool held by a request waiting for a second one (2,000 new subjects opening accounts at
 * once, measured by the benchmark's set-up) the pool would starve itself.
 */
public class DatabaseSubjectKeys implements SubjectKeyStore, AutoCloseable {

    private static final int KEY_BYTES = 32;
    private static final int REF_BYTES = 16;

    private final JdbcTemplate jdbc;
    private final HikariDataSource keyPool;
    private final SecureRandom random = new SecureRandom();

    /** jdbc reads in the caller's transaction; keyPool makes keys, each insert committing on its own. */
    public DatabaseSubjectKeys(JdbcTemplate jdbc, HikariDataSource keyPool) {
        this.jdbc = jdbc;
        this.keyPool = keyPool;
    }

    /** Closes the key connections with the application (Spring calls it: the bean's inferred destroy method). */
    @Override
    public void close() {
        keyPool.close();
    }

    @Override
    public SubjectKey keyOf(String subjectId) {
        Optional<SubjectKey> stored = find(subjectId);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] key = new byte[KEY_BYTES];
        byte[] ref = new byte[REF_BYTES];
        random.nextBytes(key);
        random.nextBytes(ref);
        // A plain connection, committed and returned at once: not one Spring would hold for the caller's transaction.
        try (Connection connection = keyPool.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into data_subject_key (subject_ref, subject_id, data_key, created_at)
                     values (?, ?, ?, now()) on conflict do nothing""")) {
            connection.setAutoCommit(true);
            insert.setString(1, Base64.getUrlEncoder().withoutPadding().encodeToString(ref));
            insert.setString(2, subjectId);
            insert.setBytes(3, key);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("a data subject key could not be stored", e);
        }
        // Whoever won a race to make the key, this reads the one stored.
        return find(subjectId).orElseThrow(() -> new IllegalStateException("a data subject key was not stored"));
    }

    @Override
    public Optional<SecretKey> keyByRef(String ref) {
        List<byte[]> keys = jdbc.query("select data_key from data_subject_key where subject_ref = ?",
                (rs, n) -> rs.getBytes(1), ref);
        return keys.stream().findFirst().map(DatabaseSubjectKeys::aes);
    }

    @Override
    public Optional<String> erase(String subjectId) {
        List<String> refs = jdbc.queryForList(
                "delete from data_subject_key where subject_id = ? returning subject_ref", String.class, subjectId);
        return refs.stream().findFirst();
    }

    private Optional<SubjectKey> find(String subjectId) {
        return jdbc.query("select subject_ref, data_key from data_subject_key where subject_id = ?",
                (rs, n) -> new SubjectKey(rs.getString(1), aes(rs.getBytes(2))), subjectId).stream().findFirst();
    }

    private static SecretKey aes(byte[] key) {
        return new SecretKeySpec(key, "AES");
    }
}
