package io.ledger.query.audit;

import io.ledger.messages.audit.IntegrityQuery;
import io.ledger.messages.audit.IntegrityReport;
import io.ledger.query.support.ReadModelDatabase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incremental integrity check (ADR 0036) must say exactly what the full one says, whenever it runs: random histories
 * of payments, holds, captures and voids, with accounts opened along the way and a read model that lags, checked at
 * random moments both ways. The events are written as the write side stores them (type, payload type, JSON payload).
 */
class IntegrityCheckTest {

    private static JdbcTemplate jdbc;
    private static IntegrityCheck check;
    private static IntegrityCheck concurrent;

    /** One step of a history; what it does is read from its numbers (see {@link History#apply}). */
    record Step(int kind, int a, int b, long cents) {
    }

    @BeforeContainer
    static void database() {
        jdbc = ReadModelDatabase.create();
        // The write side's event store as ledger-api's migrations make it (V1, V5, V26); the read side's tests hold
        // only the read side's tables.
        jdbc.execute("""
                create table domain_event_entry (
                    global_index bigserial primary key, sequence_number bigint not null, meta_data bytea,
                    payload bytea not null, aggregate_identifier varchar(255) not null,
                    event_identifier varchar(255) not null unique, payload_revision varchar(255),
                    payload_type varchar(255) not null, time_stamp varchar(255) not null, type varchar(255),
                    unique (aggregate_identifier, sequence_number))""");
        jdbc.execute("""
                create index domain_event_entry_account_openings on domain_event_entry (aggregate_identifier)
                    where type = 'Account' and sequence_number = 0""");
        // One connection for the histories (a connection per statement made a try take a second); the concurrent
        // checks below get a connection each.
        DriverManagerDataSource each = (DriverManagerDataSource) jdbc.getDataSource();
        concurrent = new IntegrityCheck(jdbc, new DataSourceTransactionManager(each));
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(each.getUrl(), each.getUsername(), each.getPassword(), true));
        check = new IntegrityCheck(jdbc, new DataSourceTransactionManager(jdbc.getDataSource()));
    }

    @BeforeTry
    void empty() {
        jdbc.execute("truncate domain_event_entry, account_view, integrity_account, integrity_books, integrity_hold");
        jdbc.update("update integrity_checked set checked_at = null, events_read = 0");
    }

    @Property(tries = 60)
    void theIncrementalCheckSaysWhatTheFullCheckSays(@ForAll("histories") List<Step> steps) {
        History history = new History();
        for (Step step : steps) {
            history.apply(step);
        }
        history.projectAll();
        IntegrityReport last = agree();
        assertTrue(last.ok(), last.toString());
        assertEquals(0, check.handle(IntegrityQuery.incremental()).eventsRead(), "nothing new, nothing read");
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        return Combinators.combine(Arbitraries.integers().between(0, 11), Arbitraries.integers().between(0, 20),
                        Arbitraries.integers().between(0, 20), Arbitraries.longs().between(1, 50_000))
                .as(Step::new).list().ofMaxSize(80);
    }

    @Example
    void aCheckReadsOnlyTheEventsAfterTheLastOne() {
        History history = twoAccountsAndAPayment();
        assertEquals(4, check.handle(IntegrityQuery.incremental()).eventsRead());
        history.transfer(1, 0, 300);
        history.transfer(1, 0, 200);
        history.projectAll();
        IntegrityReport report = check.handle(IntegrityQuery.incremental());
        assertEquals(4, report.eventsRead());
        assertEquals("incremental", report.mode());
        assertTrue(report.ok(), report.toString());
        assertEquals(8, check.handle(new IntegrityQuery(true)).eventsRead());
    }

    @Example
    void moneyMadeFromNothingAndAReadModelThatLiesAreFoundBothWays() {
        History history = twoAccountsAndAPayment();
        assertTrue(agree().ok());

        // A credit with no debit: the books no longer sum to zero.
        history.append(1, "AccountCreditedEvent", "forged", 1, "USD");
        history.projectAll();
        IntegrityReport forged = agree();
        assertFalse(forged.ok());
        assertEquals(1, forged.currencies().get(0).postedSum());

        // The read model changed behind the events' back.
        history.append(0, "AccountDebitedEvent", "forged", 1, "USD");
        history.projectAll();
        assertTrue(agree().ok());
        jdbc.update("update account_view set posted = posted + 7 where account_id = ?", history.accounts.get(1).id);
        IntegrityReport lied = agree();
        assertFalse(lied.ok());
        assertEquals(history.accounts.get(1).id, lied.mismatches().get(0).accountId());
    }

    @Example
    void checksRunningAtOnceCountEveryEventOnce() throws Exception {
        History history = new History();
        for (int i = 0; i < 6; i++) {
            history.open("USD");
        }
        history.projectAll();
        assertEquals(6, check.handle(IntegrityQuery.incremental()).eventsRead());
        ExecutorService checkers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 40; i++) {
                    history.transfer(i % 6, (i + 1) % 6, 100 + i);
                }
                history.projectAll();
                Callable<IntegrityReport> one = () -> concurrent.handle(IntegrityQuery.incremental());
                List<Callable<IntegrityReport>> three = List.of(one, one, one);
                long read = 0;
                for (Future<IntegrityReport> done : checkers.invokeAll(three)) {
                    assertTrue(done.get().ok(), done.get().toString());
                    read += done.get().eventsRead();
                }
                assertEquals(80, read, "each new event read by exactly one of the three");
                assertTrue(agree().ok());
            }
        } finally {
            checkers.shutdownNow();
        }
    }

    /** Two USD accounts, 10.00 paid from the first to the second, the read model caught up: four events. */
    private static History twoAccountsAndAPayment() {
        History history = new History();
        history.open("USD");
        history.open("USD");
        history.transfer(0, 1, 1_000);
        history.projectAll();
        return history;
    }

    /** Both checks, now: the same books, the same accounts found wrong. */
    private static IntegrityReport agree() {
        IntegrityReport incremental = check.handle(IntegrityQuery.incremental());
        IntegrityReport full = check.handle(new IntegrityQuery(true));
        assertEquals(full.currencies(), incremental.currencies());
        assertEquals(full.mismatches(), incremental.mismatches());
        assertEquals(full.accountsChecked(), incremental.accountsChecked());
        assertEquals(full.ok(), incremental.ok());
        return incremental;
    }

    /** Writes a history into the event store and moves the read model along behind it, as the projection would. */
    private static final class History {

        private final List<Account> accounts = new ArrayList<>();
        private final List<Hold> holds = new ArrayList<>();

        /** An open hold of the debit alone, or (creditHeld) of the credit too, as an authorization holds it. */
        record Hold(String payment, int debtor, int creditor, long cents, boolean creditHeld) {
        }

        static final class Account {
            final String id = "acc-" + UUID.randomUUID();
            final String currency;
            final List<long[]> sums = new ArrayList<>(); // posted, pending debits, pending credits after each event
            int projected;

            Account(String currency) {
                this.currency = currency;
            }

            long[] head() {
                return sums.get(sums.size() - 1);
            }
        }

        void apply(Step step) {
            switch (step.kind()) {
                case 0 -> open(step.a() % 2 == 0 ? "USD" : "EUR");
                case 1, 2, 3 -> transfer(step.a(), step.b(), step.cents());
                case 4 -> hold(step.a(), step.b(), step.cents(), false);
                case 9 -> hold(step.a(), step.b(), step.cents(), true);
                case 5 -> capture(step.a(), step.cents());
                case 6 -> voidHold(step.a());
                case 7 -> project(step.a(), Integer.MAX_VALUE);
                case 8 -> project(step.a(), step.b());
                default -> agree();
            }
        }

        void open(String currency) {
            Account account = new Account(currency);
            accounts.add(account);
            insert(account, "AccountOpenedEvent", "{\"accountId\":\"" + account.id + "\"}");
            account.sums.add(new long[3]);
            jdbc.update("""
                    insert into account_view (account_id, owner_id, currency, type, status, overdraft_limit, version,
                                              position, opened_at, updated_at)
                    values (?, 'owner', ?, 'WALLET', 'ACTIVE', 0, 0, 0, now(), now())""", account.id, currency);
        }

        /** A payment posted directly (ADR 0013): the debit and the credit in one transaction. */
        void transfer(int from, int to, long cents) {
            int[] pair = pair(from, to);
            if (pair.length == 0) {
                return;
            }
            String payment = UUID.randomUUID().toString();
            String currency = accounts.get(pair[0]).currency;
            append(pair[0], "AccountDebitedEvent", payment, cents, currency);
            append(pair[1], "AccountCreditedEvent", payment, cents, currency);
        }

        void hold(int from, int to, long cents, boolean creditToo) {
            int[] pair = pair(from, to);
            if (pair.length == 0) {
                return;
            }
            String payment = UUID.randomUUID().toString();
            String currency = accounts.get(pair[0]).currency;
            append(pair[0], "DebitReservedEvent", payment, cents, currency);
            if (creditToo) {
                append(pair[1], "CreditReservedEvent", payment, cents, currency);
            }
            holds.add(new Hold(payment, pair[0], pair[1], cents, creditToo));
        }

        /** A debtor and a creditor in its currency (their positions), picked by the numbers; none when there is no pair. */
        private int[] pair(int from, int to) {
            if (accounts.size() < 2) {
                return new int[0];
            }
            Account debtor = pick(from);
            Account creditor = sameCurrency(debtor, to);
            return creditor == null ? new int[0] : new int[] {accounts.indexOf(debtor), accounts.indexOf(creditor)};
        }

        /** Captures up to cents of an open hold; the rest is released. */
        void capture(int which, long cents) {
            if (holds.isEmpty()) {
                return;
            }
            Hold hold = holds.remove(which % holds.size());
            long captured = Math.min(cents, hold.cents());
            String currency = accounts.get(hold.debtor()).currency;
            append(hold.debtor(), "DebitPostedEvent", hold.payment(), captured, currency);
            if (captured < hold.cents()) {
                append(hold.debtor(), "DebitReleasedEvent", hold.payment(), hold.cents() - captured, currency);
            }
            if (!hold.creditHeld()) {
                append(hold.creditor(), "AccountCreditedEvent", hold.payment(), captured, currency);
                return;
            }
            append(hold.creditor(), "CreditPostedEvent", hold.payment(), captured, currency);
            if (captured < hold.cents()) {
                append(hold.creditor(), "CreditReleasedEvent", hold.payment(), hold.cents() - captured, currency);
            }
        }

        void voidHold(int which) {
            if (holds.isEmpty()) {
                return;
            }
            Hold hold = holds.remove(which % holds.size());
            String currency = accounts.get(hold.debtor()).currency;
            append(hold.debtor(), "DebitReleasedEvent", hold.payment(), hold.cents(), currency);
            if (hold.creditHeld()) {
                append(hold.creditor(), "CreditReleasedEvent", hold.payment(), hold.cents(), currency);
            }
        }

        /** Moves an account's read model forward to the given version (at most its last event). */
        void project(int which, int version) {
            if (accounts.isEmpty()) {
                return;
            }
            Account account = pick(which);
            int to = Math.max(account.projected, Math.min(version, account.sums.size() - 1));
            long[] sums = account.sums.get(to);
            jdbc.update("update account_view set posted = ?, pending_debits = ?, pending_credits = ?, version = ? where account_id = ?",
                    sums[0], sums[1], sums[2], to, account.id);
            account.projected = to;
        }

        void projectAll() {
            for (int i = 0; i < accounts.size(); i++) {
                project(i, Integer.MAX_VALUE);
            }
        }

        void append(int which, String type, String payment, long cents, String currency) {
            Account account = accounts.get(which);
            insert(account, type, "{\"paymentId\":\"" + payment + "\",\"amount\":{\"minorUnits\":" + cents
                    + ",\"currency\":\"" + currency + "\"}}");
            long[] next = account.head().clone();
            switch (type) {
                case "AccountCreditedEvent" -> next[0] += cents;
                case "AccountDebitedEvent" -> next[0] -= cents;
                case "DebitReservedEvent" -> next[1] += cents;
                case "DebitPostedEvent" -> {
                    next[0] -= cents;
                    next[1] -= cents;
                }
                case "DebitReleasedEvent" -> next[1] -= cents;
                case "CreditReservedEvent" -> next[2] += cents;
                case "CreditPostedEvent" -> {
                    next[0] += cents;
                    next[2] -= cents;
                }
                case "CreditReleasedEvent" -> next[2] -= cents;
                default -> throw new IllegalArgumentException(type);
            }
            account.sums.add(next);
        }

        private void insert(Account account, String type, String json) {
            jdbc.update("""
                    insert into domain_event_entry (sequence_number, payload, aggregate_identifier, event_identifier,
                                                    payload_type, time_stamp, type)
                    values (?, convert_to(?, 'UTF8'), ?, ?, ?, '2026-12-05T00:00:00Z', 'Account')""",
                    account.sums.size(), json, account.id, UUID.randomUUID().toString(), "io.ledger.messages.account." + type);
        }

        private Account pick(int which) {
            return accounts.get(which % accounts.size());
        }

        private Account sameCurrency(Account debtor, int which) {
            List<Account> candidates = accounts.stream().filter(a -> a != debtor && a.currency.equals(debtor.currency)).toList();
            return candidates.isEmpty() ? null : candidates.get(which % candidates.size());
        }
    }
}
