package io.ledger.api.it;

import io.ledger.query.balance.AccountProjection;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Point-in-time balances stay flat as an account grows: on the service's own schema, one account with a million
 * balance changes (and another beside it), the query the service runs reads a handful of index pages whether it asks
 * for the first change, the middle or the last — counted in buffers, which unlike time do not depend on the machine.
 */
class BalanceHistoryIndexIT {

    private static final int CHANGES = 1_000_000;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static String database;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void aMillionChanges() {
        database = TestDatabase.create("history");
        DriverManagerDataSource source = new DriverManagerDataSource(database, TestDatabase.USER, TestDatabase.PASSWORD);
        Flyway.configure().dataSource(source).load().migrate();
        jdbc = new JdbcTemplate(source);
        // One change a second for the busy account, interleaved with a quiet one's, as the event store would order them.
        jdbc.execute("""
                insert into account_balance_history (account_id, position, at, version, posted, pending_debits, pending_credits)
                select case when mod(g, 10) = 0 then 'quiet' else 'busy' end, g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second',
                       g, g * 100, 0, 0
                  from generate_series(1, %d) g""".formatted(CHANGES + CHANGES / 9));
        jdbc.execute("analyze account_balance_history");
    }

    @AfterAll
    static void drop() {
        TestDatabase.drop(database);
    }

    @Test
    void theBalanceAtAnyTimeOrPositionIsAFewIndexPagesAway() {
        List<Long> positions = List.of(1L, 555_555L, 1_111_110L);
        for (long position : positions) {
            Instant at = START.plusSeconds(position);
            Map<String, Object> byTime = jdbc.queryForMap(AccountProjection.BALANCES_AT_TIME, "busy", Timestamp.from(at));
            assertEquals(position % 10 == 0 ? position - 1 : position, ((Number) byTime.get("position")).longValue());
            Map<String, Object> byPosition = jdbc.queryForMap(AccountProjection.BALANCES_AT_POSITION, "busy", position);
            assertEquals(byTime.get("position"), byPosition.get("position"));
            long timeBuffers = buffers(AccountProjection.BALANCES_AT_TIME, "'busy'", "'" + at + "'::timestamptz");
            long positionBuffers = buffers(AccountProjection.BALANCES_AT_POSITION, "'busy'", Long.toString(position));
            System.out.printf("BALANCE HISTORY: position %,d of %,d: %d buffers by time, %d by position%n", position,
                    CHANGES, timeBuffers, positionBuffers);
            assertTrue(timeBuffers <= 8, "as of a time: " + timeBuffers + " buffers");
            assertTrue(positionBuffers <= 8, "as of a position: " + positionBuffers + " buffers");
        }
    }

    /** Shared buffers (hit and read) the statement's index scan touched, from EXPLAIN (ANALYZE, BUFFERS). */
    private static long buffers(String sql, String... arguments) {
        String statement = sql;
        for (String argument : arguments) {
            statement = statement.replaceFirst("\\?", java.util.regex.Matcher.quoteReplacement(argument));
        }
        String plan = String.join("\n", jdbc.queryForList("explain (analyze, buffers, timing off) " + statement, String.class));
        // The index scan's own pages: what grows with the history, if anything did (a sort above it reads the
        // catalog once per connection, the same for any history).
        int scan = plan.indexOf("Index Scan");
        assertTrue(scan >= 0, plan);
        java.util.regex.Matcher hits = java.util.regex.Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?")
                .matcher(plan);
        assertTrue(hits.find(scan), plan);
        return (hits.group(1) == null ? 0 : Long.parseLong(hits.group(1)))
                + (hits.group(2) == null ? 0 : Long.parseLong(hits.group(2)));
    }
}
