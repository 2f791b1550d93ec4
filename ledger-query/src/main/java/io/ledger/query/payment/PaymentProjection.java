package io.ledger.query.payment;

import io.ledger.query.support.ReadModelProjection;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.FindPaymentQuery;
import io.ledger.messages.payment.ListPaymentsQuery;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentCapturedEvent;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.ListReviewsQuery;
import io.ledger.messages.payment.PaymentPage;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.PaymentView;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.payment.PaymentHeldForReviewEvent;
import io.ledger.messages.risk.RiskDecidedEvent;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.query.support.Cursors;
import io.ledger.query.support.ReadModelWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.ledger.query.support.Rows.instant;
import static io.ledger.query.support.Rows.ts;

/**
 * Payments and their status. Status changes are pushed to subscribers of {@link FindPaymentQuery}
 * (after the projection's transaction commits, and only for payments someone waits for), which is how
 * an HTTP caller can wait for settlement.
 */
@Component
@ProcessingGroup(PaymentProjection.PROCESSING_GROUP)
public class PaymentProjection implements ReadModelProjection {

    public static final String PROCESSING_GROUP = "payment-projection";

    private static final String SELECT = """
            select p.*, d.owner_id as debtor_owner_id, c.owner_id as creditor_owner_id
              from payment_view p
              left join account_view d on d.account_id = p.debtor_account_id
              left join account_view c on c.account_id = p.creditor_account_id
            """;

    /**
     * The same columns for payments read by id: each owner is looked up by its account's key, row by row. Joined, as
     * in {@link #SELECT} (which lists need, to filter on an owner), PostgreSQL hash-joins a batch's few payments
     * against the whole account table, scanned twice: 0.6 – 0.9 ms for ten payments among 2,000 accounts where the
     * lookups take 0.3 ms, analyzed or not, and the scan grows with the accounts (docs/performance.md, session 26).
     */
    private static final String SELECT_BY_ID = """
            select p.*,
                   (select d.owner_id from account_view d where d.account_id = p.debtor_account_id) as debtor_owner_id,
                   (select c.owner_id from account_view c where c.account_id = p.creditor_account_id) as creditor_owner_id
              from payment_view p
            """;

    /*
     * Write phases (ReadModelWrites): a payment's row is inserted before its status changes and is marked
     * reversed only after it settled, so inserts, then status changes, then reversals, keeps every payment's
     * writes in event order and lets each kind go as one batch.
     */
    private static final int INSERT = 0;
    private static final int FINISH = 1;
    private static final int REVERSE = 2;

    private final JdbcTemplate jdbc;
    private final ReadModelWrites writes;
    private final QueryUpdateEmitter updates;
    private final String pushKey = "ledger.paymentProjection.push." + System.identityHashCode(this);

    public PaymentProjection(JdbcTemplate jdbc, ReadModelWrites writes, QueryUpdateEmitter updates) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.updates = updates;
    }

    @EventHandler
    void on(PaymentInitiatedEvent event, @Timestamp Instant at, TrackingToken token) {
        writes.later(INSERT, """
                insert into payment_view (payment_id, debtor_account_id, creditor_account_id, amount, currency, status,
                    remittance_info, reversal_of, initiated_by, created_at, updated_at, position, capture_mode, expires_at,
                    external_reference, metadata)
                values (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                on conflict (payment_id) do nothing""",
                event.paymentId(), event.debtorAccountId(), event.creditorAccountId(), event.amount().minorUnits(),
                event.amount().currency(), event.remittanceInfo(), event.reversalOf(), event.initiatedBy(),
                ts(at), ts(at), Cursors.positionOf(token),
                (event.manual() ? CaptureMode.MANUAL : CaptureMode.AUTOMATIC).name(),
                event.expiresAt() == null ? null : ts(event.expiresAt()), event.externalReference(),
                Metadata.toJson(event.metadata()));
        publish(event.paymentId());
    }

    @EventHandler
    void on(PaymentSettledEvent event, @Timestamp Instant at, TrackingToken token) {
        finish(event.paymentId(), PaymentStatus.SETTLED, null, at, token);
    }

    @EventHandler
    void on(PaymentAuthorizedEvent event, @Timestamp Instant at, TrackingToken token) {
        finish(event.paymentId(), PaymentStatus.AUTHORIZED, null, at, token);
    }

    /** Before the PaymentSettledEvent of the same capture, in the same phase: the amount, then the status. */
    @EventHandler
    void on(PaymentCapturedEvent event, @Timestamp Instant at, TrackingToken token) {
        writes.later(FINISH, "update payment_view set captured_amount = ?, updated_at = ?, position = ? where payment_id = ?",
                event.captured().minorUnits(), ts(at), Cursors.positionOf(token), event.paymentId());
    }

    /** Which rules matched and what they decided, before the hold or rejection that follows in the same step. */
    @EventHandler
    void on(RiskDecidedEvent event, @Timestamp Instant at, TrackingToken token) {
        RiskDecision decision = event.decision();
        writes.later(FINISH, """
                update payment_view set risk_rule_set_version = ?, risk_outcome = ?, risk_rules = ?, updated_at = ?,
                       position = ? where payment_id = ?""",
                decision.ruleSetVersion(), decision.outcome().name(), decision.ruleNames(), ts(at),
                Cursors.positionOf(token), event.paymentId());
    }

    @EventHandler
    void on(PaymentHeldForReviewEvent event, @Timestamp Instant at, TrackingToken token) {
        writes.later(FINISH, """
                update payment_view set status = 'IN_REVIEW', review_decide_by = ?, updated_at = ?, position = ?
                 where payment_id = ? and status = 'PENDING'""",
                ts(event.decideBy()), ts(at), Cursors.positionOf(token), event.paymentId());
        publish(event.paymentId());
    }

    @EventHandler
    void on(PaymentVoidedEvent event, @Timestamp Instant at, TrackingToken token) {
        finish(event.paymentId(), PaymentStatus.VOIDED, null, at, token);
    }

    @EventHandler
    void on(PaymentRejectedEvent event, @Timestamp Instant at, TrackingToken token) {
        finish(event.paymentId(), PaymentStatus.REJECTED, event.reason(), at, token);
    }

    @EventHandler
    void on(PaymentExpiredEvent event, @Timestamp Instant at, TrackingToken token) {
        finish(event.paymentId(), PaymentStatus.EXPIRED, null, at, token);
    }

    @EventHandler
    void on(PaymentReversedEvent event, @Timestamp Instant at, TrackingToken token) {
        writes.later(REVERSE, "update payment_view set status = 'REVERSED', reversed_by = ?, updated_at = ?, position = ? "
                        + "where payment_id = ?",
                event.reversalPaymentId(), ts(at), Cursors.positionOf(token), event.paymentId());
        publish(event.paymentId());
    }

    /** A rebuild starts from nothing: the events are the truth. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate payment_view restart identity");
    }

    @QueryHandler
    public PaymentView handle(FindPaymentQuery query) {
        List<PaymentView> found = jdbc.query(SELECT_BY_ID + " where p.payment_id = ?", PAYMENT, query.paymentId());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    public PaymentPage handle(ListPaymentsQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where p.seq < ?");
        List<Object> args = new ArrayList<>();
        args.add(Cursors.decodeLong(query.cursor(), Long.MAX_VALUE));
        if (query.accountId() != null) {
            sql.append(" and (p.debtor_account_id = ? or p.creditor_account_id = ?)");
            args.add(query.accountId());
            args.add(query.accountId());
        }
        if (query.status() != null) {
            sql.append(" and p.status = ?");
            args.add(query.status().name());
        }
        if (query.partyOwnerId() != null) {
            sql.append(" and (d.owner_id = ? or c.owner_id = ?)");
            args.add(query.partyOwnerId());
            args.add(query.partyOwnerId());
        }
        if (query.externalReference() != null) {
            sql.append(" and p.external_reference = ?");
            args.add(query.externalReference());
        }
        if (query.metadata() != null && !query.metadata().isEmpty()) {
            sql.append(" and p.metadata @> ?::jsonb");
            args.add(Metadata.toJson(query.metadata()));
        }
        if (query.createdFrom() != null) {
            sql.append(" and p.created_at >= ?");
            args.add(java.sql.Timestamp.from(query.createdFrom()));
        }
        if (query.createdTo() != null) {
            sql.append(" and p.created_at < ?");
            args.add(java.sql.Timestamp.from(query.createdTo()));
        }
        sql.append(" order by p.seq desc limit ?");
        args.add(query.limit() + 1);
        List<Row> rows = jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getLong("seq"), PAYMENT.mapRow(rs, n)),
                args.toArray());
        List<PaymentView> items = rows.stream().limit(query.limit()).map(Row::view).toList();
        String next = rows.size() > query.limit() ? Cursors.encode(Long.toString(rows.get(query.limit() - 1).seq())) : null;
        return new PaymentPage(items, next);
    }

    /** The review queue, oldest first: the partial index on the payments IN_REVIEW, after the cursor's seq. */
    @QueryHandler
    public PaymentPage handle(ListReviewsQuery query) {
        List<Row> rows = jdbc.query(SELECT + " where p.status = 'IN_REVIEW' and p.seq > ? order by p.seq limit ?",
                (rs, n) -> new Row(rs.getLong("seq"), PAYMENT.mapRow(rs, n)),
                Cursors.decodeLong(query.cursor(), 0L), query.limit() + 1);
        List<PaymentView> items = rows.stream().limit(query.limit()).map(Row::view).toList();
        String next = rows.size() > query.limit() ? Cursors.encode(Long.toString(rows.get(query.limit() - 1).seq())) : null;
        return new PaymentPage(items, next);
    }

    private void finish(String paymentId, PaymentStatus status, RejectionReason reason, Instant at, TrackingToken token) {
        // Only a payment that has not ended changes status: a late duplicate of an ending event overwrites nothing.
        writes.later(FINISH, "update payment_view set status = ?, rejection_reason = ?, updated_at = ?, position = ? "
                        + "where payment_id = ? and status in ('PENDING', 'AUTHORIZED', 'IN_REVIEW')",
                status.name(), reason == null ? null : reason.name(), ts(at), Cursors.positionOf(token), paymentId);
        publish(paymentId);
    }

    /**
     * Pushes the payment as it now stands to whoever waits for it on this instance, once the write has
     * committed. The row is read only when someone waits: reading it for every event cost a query per event
     * for payments nobody waits for (those of clients that do not long-poll, and all of them during a
     * rebuild). Deciding after the commit, not while handling, means a waiter that subscribes while the
     * batch is still open is not missed: it either is registered by then, or subscribed after the commit
     * and read the committed row itself. A batch reads all its awaited payments in one query, and pushes
     * each once, as committed, however many of its events were about it.
     */
    private void publish(String paymentId) {
        if (!CurrentUnitOfWork.isStarted()) {
            push(List.of(paymentId));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.<Set<String>>getOrComputeResource(pushKey, key -> {
            Set<String> changed = new LinkedHashSet<>();
            batch.afterCommit(committed -> push(changed));
            return changed;
        }).add(paymentId);
    }

    private void push(Collection<String> changed) {
        Set<String> awaited = new HashSet<>();
        for (SubscriptionQueryMessage<?, ?, ?> subscription : updates.activeSubscriptions()) {
            if (subscription.getPayload() instanceof FindPaymentQuery query) {
                awaited.add(query.paymentId());
            }
        }
        String[] wanted = changed.stream().filter(awaited::contains).toArray(String[]::new);
        if (wanted.length == 0) {
            return;
        }
        List<PaymentView> views = wanted.length == 1
                ? jdbc.query(SELECT_BY_ID + " where p.payment_id = ?", PAYMENT, wanted[0])
                : jdbc.query(connection -> {
                    PreparedStatement statement = connection.prepareStatement(SELECT_BY_ID + " where p.payment_id = any(?)");
                    // Planned for each batch's ids, never from a plan PostgreSQL cached for the statement: a
                    // generic plan made while the tables were small (a new database; nothing re-plans it later
                    // unless the tables are analyzed) scanned them whole, 35 ms a batch (docs/performance.md).
                    statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                    statement.setObject(1, wanted);
                    return statement;
                }, PAYMENT);
        for (PaymentView view : views) {
            updates.emit(FindPaymentQuery.class, query -> query.paymentId().equals(view.paymentId()), view);
        }
    }

    private record Row(long seq, PaymentView view) {
    }

    private static final RowMapper<PaymentView> PAYMENT = (rs, n) -> {
        String currency = rs.getString("currency");
        String reason = rs.getString("rejection_reason");
        return new PaymentView(rs.getString("payment_id"), rs.getString("debtor_account_id"),
                rs.getString("creditor_account_id"), rs.getString("debtor_owner_id"), rs.getString("creditor_owner_id"),
                Money.ofMinor(rs.getLong("amount"), currency), PaymentStatus.valueOf(rs.getString("status")),
                reason == null ? null : RejectionReason.valueOf(reason), rs.getString("remittance_info"),
                rs.getString("reversal_of"), rs.getString("reversed_by"), rs.getString("initiated_by"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getLong("position"),
                CaptureMode.valueOf(rs.getString("capture_mode")), instant(rs, "expires_at"),
                rs.getObject("captured_amount") == null ? null : Money.ofMinor(rs.getLong("captured_amount"), currency),
                rs.getString("external_reference"), Metadata.fromJson(rs.getString("metadata")),
                risk(rs), instant(rs, "review_decide_by"));
    };

    /** A risk decision as the read models store it (payments' and payouts' alike), or null when no rule matched. */
    public static PaymentView.Risk risk(ResultSet rs) throws SQLException {
        return rs.getString("risk_outcome") == null ? null : new PaymentView.Risk(rs.getInt("risk_rule_set_version"),
                rs.getString("risk_outcome"), List.of(rs.getString("risk_rules").split(",")));
    }
}
