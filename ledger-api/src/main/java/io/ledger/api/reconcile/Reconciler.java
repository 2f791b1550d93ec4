package io.ledger.api.reconcile;

import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.ledger.api.dispatch.CommandDispatch;
import io.ledger.messages.account.AccountAsOf;
import io.ledger.messages.account.BalancesProjectedQuery;
import io.ledger.messages.account.FindAccountAsOfQuery;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.ReportBankResultCommand;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;


import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reconciles a stored statement (issue 22, ADR 0028): a db-scheduler task scheduled with the statement, so a statement
 * whose instance died is reconciled by another. Each line is decided ({@link Matcher}), its booking sent as the
 * ledger's ordinary command (a payout's bank answer, a top-up payment from the clearing account) and its decision
 * recorded; a run that died is run again and sends the same commands, which answer as replays. Once the bookings are
 * in the balances, the closing balance is checked against the clearing account.
 */
public class Reconciler {

    static final TaskDescriptor<String> TASK = TaskDescriptor.of("reconcile-statement", String.class);
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final Duration BOOKINGS_WAIT = Duration.ofSeconds(60);
    /** Bookings of one statement sent at once: enough to overlap their round trips, few beside the payments. */
    private static final int BOOKING_THREADS = 4;

    private final Statements statements;
    private final CommandDispatch dispatch;
    private final QueryGateway queries;
    private final JdbcTemplate jdbc;

    Reconciler(Statements statements, CommandDispatch dispatch, QueryGateway queries, JdbcTemplate jdbc) {
        this.statements = statements;
        this.dispatch = dispatch;
        this.queries = queries;
        this.jdbc = jdbc;
    }

    OneTimeTask<String> task() {
        return Tasks.oneTime(TASK)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
                .execute((TaskInstance<String> instance, ExecutionContext context) -> run(instance.getId()));
    }

    void run(String statementId) {
        Statements.Statement statement = statements.find(statementId).orElse(null);
        if (statement == null || !"RECONCILING".equals(statement.status())) {
            return;
        }
        Statements.Link link = statements.findLink(statement.iban()).orElseThrow();
        Matcher matcher = new Matcher(link.amountTolerance(), link.dateWindowDays(),
                new LedgerLookup(jdbc, link, statementId));
        List<ParsedStatement.Line> pending = statements.pending(statementId);
        Map<Integer, ParsedStatement.Line> byNo = new java.util.HashMap<>();
        pending.forEach(line -> byNo.put(line.lineNo(), line));
        // Decided in order (a later line may depend on what an earlier one took); booked and recorded a few at a
        // time: each decision's booking and record stand alone, and the commands answer replays if sent again.
        List<Awaited> awaited = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService bookings = java.util.concurrent.Executors.newFixedThreadPool(BOOKING_THREADS);
        try {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (Matcher.Decision decision : matcher.decide(pending)) {
                sent.add(bookings.submit(() -> bookAndRecord(statement, link, decision, byNo, awaited)));
            }
            for (java.util.concurrent.Future<?> booking : sent) {
                booking.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while booking statement " + statementId, e);
        } catch (java.util.concurrent.ExecutionException e) {
            // The database or the command bus failed: the task fails and runs again; what was recorded stays.
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            bookings.shutdownNow();
        }
        awaitBookings(statement, awaited);
        BalanceCheck check = check(statements.find(statementId).orElseThrow(), link);
        statements.complete(statementId, check == null ? null : check.difference(), statement.currency(),
                check == null ? null : "the bank's closing balance differs from the clearing account's by "
                        + check.difference() + " minor units", lineage(statement, 0));
    }

    /** Sends one decision's bookings and records it; a booking the ledger refuses makes the line an exception. */
    private void bookAndRecord(Statements.Statement statement, Statements.Link link, Matcher.Decision decision,
                               Map<Integer, ParsedStatement.Line> byNo, List<Awaited> awaited) {
        ParsedStatement.Line first = byNo.get(decision.lineNos().get(0));
        long amount = decision.lineNos().stream().mapToLong(no -> byNo.get(no).amount()).sum();
        MetaData lineage = lineage(statement, first.lineNo());
        List<String> items = new ArrayList<>(decision.items());
        List<Awaited> booked = new ArrayList<>();
        Matcher.Decision recorded = decision;
        try {
            for (Matcher.Effect effect : decision.effects()) {
                booked.add(book(statement, link, first, effect, lineage, items));
            }
        } catch (LedgerException refused) {
            recorded = Matcher.Decision.exception(first.lineNo(), "NOT_BOOKABLE",
                    "the ledger refused the booking: " + refused.code());
            booked.clear();
        }
        awaited.addAll(booked);
        if (!statements.record(statement.statementId(), recorded, items, statement.currency(), amount, lineage)) {
            statements.record(statement.statementId(), Matcher.Decision.exception(first.lineNo(), "ALREADY_RECONCILED",
                    "a ledger item of this match was reconciled with another line meanwhile"), List.of(),
                    statement.currency(), amount, lineage);
        }
    }

    /**
     * A booking sent; what the read side must show before the balance check: a payment ended, a payout settled (or
     * rejected), a return booked (or refused, when the payout records why).
     */
    private record Awaited(int lineNo, String id, boolean payment, boolean returned, long amount) {
    }

    private Awaited book(Statements.Statement statement, Statements.Link link, ParsedStatement.Line line,
                         Matcher.Effect effect, MetaData lineage, List<String> items) {
        String principal = statement.importedBy();
        switch (effect.kind()) {
            case SETTLE_PAYOUT -> {
                String reference = Statements.bankReference(effect.reference(), statement.statementReference(),
                        line.lineNo());
                dispatch.send(new ReportBankResultCommand(effect.target(), BankResult.ACCEPTED, reference, null,
                        principal), lineage);
                return new Awaited(line.lineNo(), effect.target(), false, false, effect.amount());
            }
            case RETURN_PAYOUT -> {
                sendReturn(effect, principal, lineage);
                return new Awaited(line.lineNo(), effect.target(), false, true, effect.amount());
            }
            default -> {
                Money amount = Money.ofMinor(effect.amount(), statement.currency());
                String key = "statement:" + statement.statementId() + ":" + line.lineNo();
                String paymentId = Ids.paymentIdFor(principal, key);
                String remittance = "bank credit " + (effect.reference() == null ? statement.statementReference()
                        + "/" + line.lineNo() : effect.reference());
                dispatch.initiate(new InitiatePaymentCommand(paymentId, link.clearingAccountId(), effect.target(),
                        amount, remittance, key, RequestFingerprint.of(link.clearingAccountId(), effect.target(), amount,
                        remittance), principal), lineage);
                items.add(paymentId);
                return new Awaited(line.lineNo(), paymentId, true, false, effect.amount());
            }
        }
    }

    /** A return reported right after the payout's acceptance waits for the acceptance to be booked first. */
    private void sendReturn(Matcher.Effect effect, String principal, MetaData lineage) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                dispatch.send(new ReportBankResultCommand(effect.target(), BankResult.RETURNED, null, effect.reference(),
                        principal), lineage);
                return;
            } catch (LedgerException e) {
                if (e.code() != ErrorCode.PAYOUT_NOT_AWAITING_RESULT || System.nanoTime() > until) {
                    throw e;
                }
                pause();
            }
        }
    }

    /**
     * Waits until the read side shows every booking's outcome and the balances include it; a top-up the ledger
     * rejected (its account frozen or closed since) turns its line into an exception.
     */
    private void awaitBookings(Statements.Statement statement, List<Awaited> awaited) {
        long until = System.nanoTime() + BOOKINGS_WAIT.toNanos();
        long position = 0;
        for (Awaited booking : awaited) {
            while (true) {
                Map<String, Object> row = booking.payment()
                        ? jdbc.queryForList("select status, position from payment_view where payment_id = ?",
                        booking.id()).stream().findFirst().orElse(null)
                        : booking.returned() ? jdbc.queryForList("""
                                select status, position from payout_view where payout_id = ?
                                   and (status = 'RETURNED' or rejection_reason is not null)""", booking.id())
                        .stream().findFirst().orElse(null)
                        : jdbc.queryForList("""
                                select status, position from payout_view where payout_id = ?
                                   and status in ('SETTLED', 'RETURNED', 'REJECTED')""", booking.id())
                        .stream().findFirst().orElse(null);
                String status = row == null ? null : (String) row.get("status");
                if (status != null && !"PENDING".equals(status)) {
                    position = Math.max(position, ((Number) row.get("position")).longValue());
                    if (booking.payment() && !"SETTLED".equals(status)) {
                        statements.bookingRefused(statement.statementId(), booking.lineNo(), booking.amount(),
                                statement.currency(), "the top-up payment ended " + status,
                                lineage(statement, booking.lineNo()));
                    }
                    break;
                }
                if (System.nanoTime() > until) {
                    log.warn("statement {}: a booking was not shown within {}; the balance check reads what is",
                            statement.statementId(), BOOKINGS_WAIT);
                    return;
                }
                pause();
            }
        }
        if (position > 0) {
            queries.query(new BalancesProjectedQuery(position, Duration.ofSeconds(30)), Boolean.class).join();
        }
    }

    /**
     * The balance check (issue 22): the bank's closing balance against the clearing account's balance at the
     * statement's closing time, with the ledger's sign (money the bank holds for the ledger is what the clearing
     * account owes: a bank balance of +X is a clearing balance of -X), plus the lines this reconciliation booked after
     * that time. Null when the statement states no closing balance or the history does not reach back to it.
     */
    public record BalanceCheck(long bankClosing, long ledgerBalance, long bookedAfter, long difference) {
    }

    public BalanceCheck check(Statements.Statement statement, Statements.Link link) {
        if (statement.closingBalance() == null || statement.closingAt() == null) {
            return null;
        }
        AccountAsOf then = queries.query(new FindAccountAsOfQuery(link.clearingAccountId(), statement.closingAt(), null),
                AccountAsOf.class).join();
        if (!then.indexed()) {
            return null;
        }
        long clearing = then.account() == null ? 0 : then.account().posted().minorUnits();
        long bookedAfter = 0;
        for (Statements.Line line : statements.lines(statement.statementId())) {
            if ("RECONCILED".equals(line.outcome()) && line.booked() != null && !"NOTHING".equals(line.booked())
                    && line.decidedAt() != null && line.decidedAt().isAfter(statement.closingAt())) {
                bookedAfter += line.signedAmount();
            }
        }
        long ledger = -clearing + bookedAfter;
        return new BalanceCheck(statement.closingBalance(), -clearing, bookedAfter, statement.closingBalance() - ledger);
    }

    private static MetaData lineage(Statements.Statement statement, int lineNo) {
        return MetaData.from(Map.of(
                MetaDataKeys.CORRELATION_ID, statement.correlationId(),
                MetaDataKeys.CAUSATION_ID, "statement:" + statement.statementId() + "#" + lineNo,
                MetaDataKeys.PRINCIPAL, statement.importedBy(),
                MetaDataKeys.SCOPES, statement.scopes()));
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a booking", e);
        }
    }

    /** What the matching asks of the ledger, answered from the read models of one linked account. */
    private record LedgerLookup(JdbcTemplate jdbc, Statements.Link link, String statementId) implements Matcher.Ledger {

        private static final String PAYOUT = """
                select payout_id, amount, status, bank_reference, beneficiary_iban, created_at from payout_view
                 where clearing_account_id = ? and currency = ?
                """;

        private static Matcher.Payout payout(ResultSet rs, int row) throws SQLException {
            return new Matcher.Payout(rs.getString("payout_id"), rs.getLong("amount"), rs.getString("status"),
                    rs.getString("bank_reference"), rs.getString("beneficiary_iban"),
                    rs.getTimestamp("created_at").toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate());
        }

        @Override
        public Optional<Matcher.Payout> payout(String payoutId) {
            return jdbc.query(PAYOUT + " and payout_id = ?", LedgerLookup::payout, link.clearingAccountId(),
                    link.currency(), payoutId).stream().findFirst();
        }

        @Override
        public Optional<Matcher.Payout> payoutByBankReference(String bankReference) {
            List<Matcher.Payout> found = jdbc.query(PAYOUT + " and bank_reference = ? and status = 'SETTLED'",
                    LedgerLookup::payout, link.clearingAccountId(), link.currency(), bankReference);
            return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
        }

        @Override
        public List<Matcher.Payout> payoutsNear(long minAmount, long maxAmount, LocalDate from, LocalDate to) {
            return jdbc.query(PAYOUT + """
                     and amount between ? and ? and created_at >= ? and created_at < ?
                     and status in ('INSTRUCTED', 'OVERDUE', 'SETTLED') limit 100""", LedgerLookup::payout,
                    link.clearingAccountId(), link.currency(), minAmount, maxAmount,
                    java.sql.Timestamp.from(from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant()),
                    java.sql.Timestamp.from(to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
        }

        @Override
        public boolean creditable(String accountId) {
            return Boolean.TRUE.equals(jdbc.queryForObject("""
                    select exists (select 1 from account_view where account_id = ? and currency = ? and status = 'ACTIVE'
                                      and type in ('WALLET', 'MERCHANT'))""", Boolean.class, accountId, link.currency()));
        }

        @Override
        public Optional<String> reconciledWith(String itemId) {
            return jdbc.query("select statement_id, line_no from reconciled_item where item_id = ?",
                    (rs, row) -> "statement " + rs.getString(1) + " line " + rs.getInt(2), itemId).stream().findFirst();
        }

        @Override
        public Optional<List<String>> sameEntryDecided(String bankReference, String direction, long amount) {
            return jdbc.query("""
                    select l.ledger_items from bank_statement_line l join bank_statement s using (statement_id)
                     where l.bank_reference = ? and l.direction = ? and l.amount = ? and s.iban = ?
                       and l.statement_id <> ? and l.outcome = 'RECONCILED' limit 1""",
                    (rs, row) -> Statements.texts(rs.getArray(1)), bankReference, direction, amount, link.iban(),
                    statementId).stream().findFirst();
        }
    }

}
