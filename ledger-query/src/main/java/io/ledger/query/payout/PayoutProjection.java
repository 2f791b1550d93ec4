package io.ledger.query.payout;

import io.ledger.query.support.ReadModelProjection;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.FindPayoutQuery;
import io.ledger.messages.payout.ListPayoutsQuery;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutHeldForReviewEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutInstructedEvent;
import io.ledger.messages.payout.PayoutOverdueEvent;
import io.ledger.messages.payout.PayoutPage;
import io.ledger.messages.payout.PayoutRefusedEvent;
import io.ledger.messages.payout.PayoutRejectedEvent;
import io.ledger.messages.payout.PayoutReturnRefusedEvent;
import io.ledger.messages.payout.PayoutReturnedEvent;
import io.ledger.messages.payout.PayoutReviewApprovedEvent;
import io.ledger.messages.payout.PayoutReviewDeclinedEvent;
import io.ledger.messages.payout.PayoutSettledEvent;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.PayoutView;
import io.ledger.messages.risk.RiskDecidedEvent;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.query.payment.PaymentProjection;
import io.ledger.query.support.Cursors;
import io.ledger.query.support.ReadModelWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.ledger.query.support.Rows.instant;
import static io.ledger.query.support.Rows.ts;

/**
 * Payouts and what the bank answered. Projected by the payments' processor (one more read model of the same
 * flows, rebuilt with it). The bank lane lists instructions oldest first, so it works through them in order.
 */
@Component
@ProcessingGroup(PaymentProjection.PROCESSING_GROUP)
public class PayoutProjection implements ReadModelProjection {

    private static final String SELECT = """
            select p.*, d.owner_id as debtor_owner_id
              from payout_view p
              left join account_view d on d.account_id = p.debtor_account_id
            """;

    /* A payout's row is inserted before anything changes it: inserts first, then changes in event order. */
    private static final int INSERT = 0;
    private static final int CHANGE = 1;

    private final JdbcTemplate jdbc;
    private final ReadModelWrites writes;

    public PayoutProjection(JdbcTemplate jdbc, ReadModelWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(PayoutInitiatedEvent event, @Timestamp Instant at, TrackingToken token) {
        Beneficiary beneficiary = Beneficiary.orErased(event.beneficiary());
        writes.later(INSERT, """
                insert into payout_view (payout_id, debtor_account_id, clearing_account_id, amount, currency,
                    beneficiary_name, beneficiary_iban, beneficiary_bic, remittance_info, status, initiated_by,
                    created_at, updated_at, position)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)
                on conflict (payout_id) do nothing""",
                event.payoutId(), event.debtorAccountId(), event.clearingAccountId(), event.amount().minorUnits(),
                event.amount().currency(), beneficiary.name(), beneficiary.iban(), beneficiary.bic(),
                event.remittanceInfo(), event.initiatedBy(), ts(at), ts(at), Cursors.positionOf(token));
    }

    @EventHandler
    void on(PayoutRefusedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'REJECTED', rejection_reason = ?", at, token, event.reason().name());
    }

    @EventHandler
    void on(PayoutInstructedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'INSTRUCTED', answer_by = ?", at, token, ts(event.answerBy()));
    }

    @EventHandler
    void on(PayoutOverdueEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'OVERDUE'", at, token);
    }

    @EventHandler
    void on(PayoutBankResultReportedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "bank_result = ?, bank_reference = coalesce(?, bank_reference), reason_code = ?, "
                + "rejection_reason = null", at, token, event.result().name(), event.bankReference(), event.reasonCode());
    }

    @EventHandler
    void on(PayoutSettledEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'SETTLED'", at, token);
    }

    @EventHandler
    void on(PayoutRejectedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'REJECTED'", at, token);
    }

    @EventHandler
    void on(PayoutReturnedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'RETURNED'", at, token);
    }

    /** Which rules matched the payout's hold and what they decided (the account's event names the payout). */
    @EventHandler
    void on(RiskDecidedEvent event, @Timestamp Instant at, TrackingToken token) {
        RiskDecision decision = event.decision();
        change(event.paymentId(), "risk_rule_set_version = ?, risk_outcome = ?, risk_rules = ?", at, token,
                decision.ruleSetVersion(), decision.outcome().name(), decision.ruleNames());
    }

    @EventHandler
    void on(PayoutHeldForReviewEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'IN_REVIEW', review_decide_by = ?", at, token, ts(event.decideBy()));
    }

    /** Approved: PENDING again until the instruction that follows in the same step. */
    @EventHandler
    void on(PayoutReviewApprovedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'PENDING'", at, token);
    }

    @EventHandler
    void on(PayoutReviewDeclinedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "status = 'REJECTED', rejection_reason = ?", at, token,
                RejectionReason.RISK_DECLINED.name());
    }

    /** The return stays reported but unbooked: the payout stays SETTLED and says why. */
    @EventHandler
    void on(PayoutReturnRefusedEvent event, @Timestamp Instant at, TrackingToken token) {
        change(event.payoutId(), "rejection_reason = ?", at, token, event.reason().name());
    }

    private void change(String payoutId, String assignments, Instant at, TrackingToken token, Object... values) {
        Object[] args = new Object[values.length + 3];
        System.arraycopy(values, 0, args, 0, values.length);
        args[values.length] = ts(at);
        args[values.length + 1] = Cursors.positionOf(token);
        args[values.length + 2] = payoutId;
        writes.later(CHANGE, "update payout_view set " + assignments + ", updated_at = ?, position = ? where payout_id = ?",
                args);
    }

    @ResetHandler
    void reset() {
        jdbc.execute("truncate payout_view restart identity");
    }

    @QueryHandler
    public PayoutView handle(FindPayoutQuery query) {
        List<PayoutView> found = jdbc.query(SELECT + " where p.payout_id = ?", PAYOUT, query.payoutId());
        return found.isEmpty() ? null : found.get(0);
    }

    @QueryHandler
    public PayoutPage handle(ListPayoutsQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append(" where p.seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(Cursors.decodeLong(query.cursor(), 0));
        if (query.status() != null) {
            sql.append(" and p.status = ?");
            args.add(query.status().name());
        }
        if (query.debtorOwnerId() != null) {
            sql.append(" and d.owner_id = ?");
            args.add(query.debtorOwnerId());
        }
        sql.append(" order by p.seq limit ?");
        args.add(query.limit() + 1);
        List<Row> rows = jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getLong("seq"), PAYOUT.mapRow(rs, n)),
                args.toArray());
        List<PayoutView> items = rows.stream().limit(query.limit()).map(Row::view).toList();
        String next = rows.size() > query.limit() ? Cursors.encode(Long.toString(rows.get(query.limit() - 1).seq())) : null;
        return new PayoutPage(items, next);
    }

    private record Row(long seq, PayoutView view) {
    }

    private static final RowMapper<PayoutView> PAYOUT = (rs, n) -> {
        String bankResult = rs.getString("bank_result");
        return new PayoutView(rs.getString("payout_id"), rs.getString("debtor_account_id"),
                rs.getString("debtor_owner_id"), rs.getString("clearing_account_id"),
                Money.ofMinor(rs.getLong("amount"), rs.getString("currency")),
                new Beneficiary(rs.getString("beneficiary_name"), rs.getString("beneficiary_iban"),
                        rs.getString("beneficiary_bic")),
                rs.getString("remittance_info"), PayoutStatus.valueOf(rs.getString("status")),
                rs.getString("rejection_reason"), bankResult == null ? null : BankResult.valueOf(bankResult),
                rs.getString("bank_reference"), rs.getString("reason_code"), instant(rs, "answer_by"),
                rs.getString("initiated_by"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getLong("position"), PaymentProjection.risk(rs), instant(rs, "review_decide_by"));
    };
}
