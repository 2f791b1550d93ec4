package io.ledger.query.audit;

import io.ledger.messages.audit.AccountMismatch;
import io.ledger.messages.audit.CurrencyBooks;
import io.ledger.messages.audit.IntegrityQuery;
import io.ledger.messages.audit.IntegrityReport;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * The ledger's books, computed from the event store in one statement each (one consistent snapshot),
 * and the read model's balances compared with a replay of each account's events up to the version the
 * read model shows.
 */
@Component
public class IntegrityCheck {

    private static final String ACCOUNT_EVENTS = """
            select e.aggregate_identifier as account_id, e.sequence_number as seq,
                   substring(e.payload_type from '[^.]+$') as t,
                   convert_from(e.payload, 'UTF8')::jsonb as p
              from domain_event_entry e where e.type = 'Account'
            """;
    private static final String POSTED = "case t when 'AccountCreditedEvent' then amt when 'AccountDebitedEvent' then -amt"
            + " when 'CreditPostedEvent' then amt when 'DebitPostedEvent' then -amt else 0 end";
    // Holds appear only in histories written before ADR 0013.
    private static final String PENDING_DEBITS =
            "case t when 'DebitReservedEvent' then amt when 'DebitPostedEvent' then -amt when 'DebitReleasedEvent' then -amt else 0 end";
    private static final String PENDING_CREDITS =
            "case t when 'CreditReservedEvent' then amt when 'CreditPostedEvent' then -amt when 'CreditReleasedEvent' then -amt else 0 end";

    private final JdbcTemplate jdbc;

    public IntegrityCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    public IntegrityReport handle(IntegrityQuery query) {
        List<CurrencyBooks> books = jdbc.query("""
                with ev as (select account_id, t, p ->> 'paymentId' as payment, (p -> 'amount' ->> 'minorUnits')::bigint as amt,
                                   p -> 'amount' ->> 'currency' as currency from (%s) x),
                     holds as (select payment, currency,
                                      sum(%s) as debit_held, sum(%s) as credit_held
                                 from ev where payment is not null group by payment, currency)
                select c.currency, c.posted, c.pending_debits, c.pending_credits,
                       coalesce((select sum(debit_held) from holds h where h.currency = c.currency and h.credit_held = 0), 0) as in_flight,
                       (select count(*) from holds h where h.currency = c.currency
                           and h.credit_held > 0 and h.credit_held <> h.debit_held) as unmatched
                  from (select currency, coalesce(sum(%s), 0) as posted, coalesce(sum(%s), 0) as pending_debits,
                               coalesce(sum(%s), 0) as pending_credits
                          from ev where currency is not null group by currency) c
                 order by c.currency""".formatted(ACCOUNT_EVENTS, PENDING_DEBITS, PENDING_CREDITS, POSTED, PENDING_DEBITS,
                        PENDING_CREDITS),
                (rs, n) -> {
                    long posted = rs.getLong("posted");
                    long debits = rs.getLong("pending_debits");
                    long credits = rs.getLong("pending_credits");
                    long inFlight = rs.getLong("in_flight");
                    boolean balanced = posted == 0 && debits - credits == inFlight && rs.getLong("unmatched") == 0;
                    return new CurrencyBooks(rs.getString("currency"), posted, debits, credits, inFlight, balanced);
                });
        Long accounts = jdbc.queryForObject("select count(*) from account_view", Long.class);
        List<AccountMismatch> mismatches = jdbc.query("""
                with ev as (select account_id, seq, t, (p -> 'amount' ->> 'minorUnits')::bigint as amt from (%s) x),
                     replay as (select v.account_id, coalesce(sum(%s), 0) as posted, coalesce(sum(%s), 0) as pd,
                                       coalesce(sum(%s), 0) as pc
                                  from account_view v left join ev on ev.account_id = v.account_id and ev.seq <= v.version
                                 group by v.account_id)
                select v.account_id, v.version, v.posted, r.posted as r_posted, v.pending_debits, r.pd,
                       v.pending_credits, r.pc
                  from account_view v join replay r on r.account_id = v.account_id
                 where v.posted <> r.posted or v.pending_debits <> r.pd or v.pending_credits <> r.pc
                 order by v.account_id limit 100""".formatted(ACCOUNT_EVENTS, POSTED, PENDING_DEBITS, PENDING_CREDITS),
                (rs, n) -> new AccountMismatch(rs.getString("account_id"), rs.getLong("version"), rs.getLong("posted"),
                        rs.getLong("r_posted"), rs.getLong("pending_debits"), rs.getLong("pd"),
                        rs.getLong("pending_credits"), rs.getLong("pc")));
        boolean ok = mismatches.isEmpty() && books.stream().allMatch(CurrencyBooks::balanced);
        return new IntegrityReport(ok, Instant.now(), books, accounts == null ? 0 : accounts, mismatches);
    }
}
