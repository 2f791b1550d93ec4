package io.ledger.api.privacy;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The default key store: the {@code data_subject_key} table of the ledger's own database (ADR 0021). A new
 * key commits in its own transaction, before the event sealed with it: were it written in the event's
 * transaction and that rolled back, a key cached here would seal later events under a key the table lost.
 */
public class DatabaseSubjectKeys implements SubjectKeyStore {

    private static final int KEY_BYTES = 32;
    private static final int REF_BYTES = 16;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final SecureRandom random = new SecureRandom();

    public DatabaseSubjectKeys(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update("""
                    insert into data_subject_key (subject_ref, subject_id, data_key, created_at)
                    values (?, ?, ?, now()) on conflict (subject_id) do nothing""",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(ref), subjectId, key));
        } catch (DuplicateKeyException sameRef) {
            // 128 random bits collided: not in this universe; the find below answers or fails loudly.
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
