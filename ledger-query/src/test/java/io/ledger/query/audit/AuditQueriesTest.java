package io.ledger.query.audit;

import io.ledger.messages.audit.AuditFilter;
import io.ledger.audit.AuditRecord;
import io.ledger.messages.audit.ListAuditRecordsQuery;
import io.ledger.query.support.ReadModelDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log's filters find what they should, and the account filter reaches its index. */
class AuditQueriesTest {

    private static final int RECORDS = 3_000;

    private static JdbcTemplate jdbc;
    private static AuditQueries queries;

    @BeforeAll
    static void log() {
        jdbc = ReadModelDatabase.create();
        // Record i concerns accounts "a<i % 500>" and "b<i % 7>", and is of type Even or Odd.
        jdbc.update("""
                insert into audit_record (audit_seq, global_position, event_id, event_type, aggregate_seq,
                                          event_timestamp, event_time, payload, metadata, account_ids, prev_hash, hash)
                select i, i, 'e' || i, case when i % 2 = 0 then 'io.ledger.test.Even' else 'io.ledger.test.Odd' end,
                       0, '2026-01-01T00:00:00Z', timestamptz '2026-01-01' + i * interval '1 second', '{}', '{}',
                       array['a' || (i % 500), 'b' || (i % 7)], repeat('0', 64), repeat('0', 64)
                  from generate_series(1, ?) i""", RECORDS);
        jdbc.execute("analyze audit_record");
        queries = new AuditQueries(jdbc, null);
    }

    @Test
    void accountFilterFindsEveryRecordOfTheAccountAndOnlyThose() {
        List<AuditRecord> page = list(new AuditFilter(null, null, "a42", null, null, null, null), 100);

        assertEquals(List.of(42L, 542L, 1042L, 1542L, 2042L, 2542L),
                page.stream().map(AuditRecord::auditSeq).toList());
    }

    @Test
    void accountFilterIsAnsweredFromTheAccountsIndex() throws SQLException {
        AuditQueries.Select select = AuditQueries.statement(
                new AuditFilter(null, null, "a42", null, null, null, null), 0, Long.MAX_VALUE, 100);
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            JdbcTemplate session = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            // Rule the table scan out: what is left is the log-order walk, or the index if the predicate can
            // use it. "? = any(account_ids)" cannot, and walked the whole log for every account page.
            session.execute("set enable_seqscan = off");
            String plan = String.join("\n",
                    session.queryForList("explain " + select.sql(), String.class, select.args()));

            assertTrue(plan.contains("audit_record_accounts_idx"), plan);
        }
    }

    @Test
    void typeFilterMatchesTheStoredTypeAndItsSimpleName() {
        List<AuditRecord> bySimpleName = list(new AuditFilter(null, null, "b3", null, null, null, "Odd"), 1_000);
        List<AuditRecord> byStoredType = list(
                new AuditFilter(null, null, "b3", null, null, null, "io.ledger.test.Odd"), 1_000);

        assertEquals(bySimpleName, byStoredType);
        assertTrue(bySimpleName.stream().allMatch(r -> r.auditSeq() % 2 == 1 && r.auditSeq() % 7 == 3));
        assertEquals(IntStream.rangeClosed(1, RECORDS).filter(i -> i % 14 == 3).count(), bySimpleName.size());
    }

    private static List<AuditRecord> list(AuditFilter filter, int limit) {
        return queries.handle(new ListAuditRecordsQuery(filter, null, limit)).items();
    }
}
