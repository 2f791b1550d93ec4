package io.ledger.query.audit;

import io.ledger.messages.audit.AccountMismatch;
import io.ledger.messages.audit.CurrencyBooks;
import io.ledger.messages.audit.IntegrityQuery;
import io.ledger.messages.audit.IntegrityReport;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's books per currency, and the read model's balances compared with a replay of each account's events up to
 * the version the read model shows (ADR 0036).
 * <p>
 * The check is <em>incremental</em> by default: it keeps, per account, the sums of its events up to a sequence number,
 * per currency the books, and per payment what is held for it, and reads only the events after them — found per
 * account by sequence number, never by global position, whose gaps can fill after a check has passed them. Everything
 * is read and written in one repeatable-read transaction (one snapshot of the store and the read model), serialized
 * across instances by the one row of {@code integrity_checked}. A <em>full</em> check reads every account event again,
 * as the check did before it kept anything, and keeps nothing.
 */
@Component
public class IntegrityCheck {

    private static final String POSTED = "case t when 'AccountCreditedEvent' then amt when 'AccountDebitedEvent' then -amt"
            + " when 'CreditPostedEvent' then amt when 'DebitPostedEvent' then -amt else 0 end";
    // Holds are authorizations, payouts and atomic batches (and every payment in histories written before ADR 0013).
    private static final String PENDING_DEBITS =
            "case t when 'DebitReservedEvent' then amt when 'DebitPostedEvent' then -amt when 'DebitReleasedEvent' then -amt else 0 end";
    private static final String PENDING_CREDITS =
            "case t when 'CreditReservedEvent' then amt when 'CreditPostedEvent' then -amt when 'CreditReleasedEvent' then -amt else 0 end";
    /** Sums of posted, pending debits and pending credits over an {@link #events} relation. */
    private static final String SUMS = "coalesce(sum(%s), 0), coalesce(sum(%s), 0), coalesce(sum(%s), 0)"
            .formatted(POSTED, PENDING_DEBITS, PENDING_CREDITS);
    private static final int ATTEMPTS = 5;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public IntegrityCheck(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @QueryHandler
    public IntegrityReport handle(IntegrityQuery query) {
        return query.full() ? full() : incremental();
    }

    /**
     * The account events {@code from} and {@code where} select, as (account_id, seq, t, payment, amt, currency); the
     * payload is parsed once per event ({@code offset 0} keeps the planner from copying the parse into each field).
     */
    private static String events(String from, String where) {
        return """
                select account_id, seq, t, p ->> 'paymentId' as payment, (p -> 'amount' ->> 'minorUnits')::bigint as amt,
                       p -> 'amount' ->> 'currency' as currency
                  from (select e.aggregate_identifier as account_id, e.sequence_number as seq,
                               substring(e.payload_type from '[^.]+$') as t, convert_from(e.payload, 'UTF8')::jsonb as p
                          from %s where e.type = 'Account' and %s offset 0) raw""".formatted(from, where);
    }

    private IntegrityReport incremental() {
        for (int attempt = 1; ; attempt++) {
            try {
                return snapshot.execute(status -> advanceAndCompare());
            } catch (ConcurrencyFailureException another) {
                // Another instance checked in the meantime; this snapshot is older than its sums. Start again.
                if (attempt == ATTEMPTS) {
                    throw another;
                }
            }
        }
    }

    private IntegrityReport advanceAndCompare() {
        jdbc.queryForObject("select id from integrity_checked where id = 1 for update", Integer.class);
        // Every account is listed by its opening event (a partial index); each one's events after those summed so far.
        Long read = jdbc.queryForObject("""
                with known as (select o.aggregate_identifier as account_id, coalesce(c.seq, -1) as seq
                                 from domain_event_entry o
                                 left join integrity_account c on c.account_id = o.aggregate_identifier
                                where o.type = 'Account' and o.sequence_number = 0),
                     ev as (%s),
                     accounts as (insert into integrity_account as c (account_id, seq, posted, pending_debits, pending_credits)
                                  select account_id, max(seq), %s from ev group by account_id
                                  on conflict (account_id) do update set seq = excluded.seq,
                                      posted = c.posted + excluded.posted,
                                      pending_debits = c.pending_debits + excluded.pending_debits,
                                      pending_credits = c.pending_credits + excluded.pending_credits
                                  returning 1),
                     books as (insert into integrity_books as b (currency, posted, pending_debits, pending_credits)
                               select currency, %s from ev where currency is not null group by currency
                               on conflict (currency) do update set posted = b.posted + excluded.posted,
                                   pending_debits = b.pending_debits + excluded.pending_debits,
                                   pending_credits = b.pending_credits + excluded.pending_credits
                               returning 1),
                     holds as (insert into integrity_hold as h (payment_id, currency, debit_held, credit_held)
                               select payment, currency, coalesce(sum(%s), 0), coalesce(sum(%s), 0)
                                 from ev where payment is not null and currency is not null group by payment, currency
                               having coalesce(sum(%s), 0) <> 0 or coalesce(sum(%s), 0) <> 0
                               on conflict (payment_id, currency) do update set debit_held = h.debit_held + excluded.debit_held,
                                   credit_held = h.credit_held + excluded.credit_held
                               returning 1)
                select count(*) from ev""".formatted(
                        events("known k join domain_event_entry e on e.aggregate_identifier = k.account_id",
                                "e.sequence_number > k.seq"),
                        SUMS, SUMS, PENDING_DEBITS, PENDING_CREDITS, PENDING_DEBITS, PENDING_CREDITS),
                Long.class);
        long eventsRead = read == null ? 0 : read;
        jdbc.update("delete from integrity_hold where debit_held = 0 and credit_held = 0");
        jdbc.update("update integrity_checked set checked_at = now(), events_read = events_read + ? where id = 1", eventsRead);

        List<CurrencyBooks> books = jdbc.query("""
                select b.currency, b.posted, b.pending_debits, b.pending_credits,
                       coalesce((select sum(debit_held) from integrity_hold h
                                  where h.currency = b.currency and h.credit_held = 0), 0) as in_flight,
                       (select count(*) from integrity_hold h where h.currency = b.currency
                           and h.credit_held > 0 and h.credit_held <> h.debit_held) as unmatched
                  from integrity_books b order by b.currency""", BOOKS);
        // The read model may lag the store: its sums at its own version are the kept sums less the events after it.
        List<AccountMismatch> mismatches = jdbc.query("""
                select v.account_id, v.version, v.posted, coalesce(c.posted, 0) - d.posted as r_posted,
                       v.pending_debits, coalesce(c.pending_debits, 0) - d.pd as r_pd,
                       v.pending_credits, coalesce(c.pending_credits, 0) - d.pc as r_pc
                  from account_view v
                  left join integrity_account c on c.account_id = v.account_id
                 cross join lateral (select %s from (%s) ev) d(posted, pd, pc)
                 where v.posted <> coalesce(c.posted, 0) - d.posted
                    or v.pending_debits <> coalesce(c.pending_debits, 0) - d.pd
                    or v.pending_credits <> coalesce(c.pending_credits, 0) - d.pc
                 order by v.account_id limit 100""".formatted(SUMS, events("domain_event_entry e",
                        "e.aggregate_identifier = v.account_id and e.sequence_number > v.version and e.sequence_number <= c.seq")),
                MISMATCH);
        return report("incremental", eventsRead, books, mismatches);
    }

    private IntegrityReport full() {
        String all = events("domain_event_entry e", "true");
        // The count of what was read comes with the books, from the same reading: one row even with no money moved.
        List<CurrencyBooks> books = new ArrayList<>();
        long[] read = {0};
        jdbc.query("""
                with ev as (%s),
                     holds as (select payment, currency,
                                      sum(%s) as debit_held, sum(%s) as credit_held
                                 from ev where payment is not null group by payment, currency),
                     read as (select count(*) as events_read from ev)
                select c.currency, c.posted, c.pending_debits, c.pending_credits,
                       coalesce((select sum(debit_held) from holds h where h.currency = c.currency and h.credit_held = 0), 0) as in_flight,
                       (select count(*) from holds h where h.currency = c.currency
                           and h.credit_held > 0 and h.credit_held <> h.debit_held) as unmatched,
                       read.events_read
                  from read
                  left join (select currency, %s from ev where currency is not null group by currency)
                       c(currency, posted, pending_debits, pending_credits) on true
                 order by c.currency""".formatted(all, PENDING_DEBITS, PENDING_CREDITS, SUMS),
                (ResultSet rs) -> {
                    read[0] = rs.getLong("events_read");
                    if (rs.getString("currency") != null) {
                        books.add(BOOKS.mapRow(rs, books.size()));
                    }
                });
        List<AccountMismatch> mismatches = jdbc.query("""
                with ev as (%s),
                     replay as (select v.account_id, %s
                                  from account_view v left join ev on ev.account_id = v.account_id and ev.seq <= v.version
                                 group by v.account_id)
                select v.account_id, v.version, v.posted, r.posted as r_posted, v.pending_debits, r.pd as r_pd,
                       v.pending_credits, r.pc as r_pc
                  from account_view v join replay r(account_id, posted, pd, pc) on r.account_id = v.account_id
                 where v.posted <> r.posted or v.pending_debits <> r.pd or v.pending_credits <> r.pc
                 order by v.account_id limit 100""".formatted(all, SUMS),
                MISMATCH);
        return report("full", read[0], books, mismatches);
    }

    private IntegrityReport report(String mode, long eventsRead, List<CurrencyBooks> books, List<AccountMismatch> mismatches) {
        Long accounts = jdbc.queryForObject("select count(*) from account_view", Long.class);
        boolean ok = mismatches.isEmpty() && books.stream().allMatch(CurrencyBooks::balanced);
        return new IntegrityReport(ok, Instant.now(), mode, eventsRead, books, accounts == null ? 0 : accounts, mismatches);
    }

    private static final RowMapper<CurrencyBooks> BOOKS = (rs, n) -> {
        long posted = rs.getLong("posted");
        long debits = rs.getLong("pending_debits");
        long credits = rs.getLong("pending_credits");
        long inFlight = rs.getLong("in_flight");
        boolean balanced = posted == 0 && debits - credits == inFlight && rs.getLong("unmatched") == 0;
        return new CurrencyBooks(rs.getString("currency"), posted, debits, credits, inFlight, balanced);
    };

    private static final RowMapper<AccountMismatch> MISMATCH = (rs, n) -> new AccountMismatch(rs.getString("account_id"),
            rs.getLong("version"), rs.getLong("posted"), rs.getLong("r_posted"), rs.getLong("pending_debits"),
            rs.getLong("r_pd"), rs.getLong("pending_credits"), rs.getLong("r_pc"));
}
