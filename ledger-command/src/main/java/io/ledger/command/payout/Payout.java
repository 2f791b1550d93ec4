package io.ledger.command.payout;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payout.ApprovePayoutReviewCommand;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.DeclinePayoutReviewCommand;
import io.ledger.messages.payout.HoldPayoutForReviewCommand;
import io.ledger.messages.payout.PayoutHeldForReviewEvent;
import io.ledger.messages.payout.PayoutReviewApprovedEvent;
import io.ledger.messages.payout.PayoutReviewDeclinedEvent;
import io.ledger.messages.payout.BookPayoutReturnCommand;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.InstructPayoutCommand;
import io.ledger.messages.payout.MarkPayoutOverdueCommand;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutInstructedEvent;
import io.ledger.messages.payout.PayoutOverdueEvent;
import io.ledger.messages.payout.PayoutReceipt;
import io.ledger.messages.payout.PayoutRefusedEvent;
import io.ledger.messages.payout.PayoutRejectedEvent;
import io.ledger.messages.payout.PayoutReturnRefusedEvent;
import io.ledger.messages.payout.PayoutReturnedEvent;
import io.ledger.messages.payout.PayoutSettledEvent;
import io.ledger.messages.payout.PayoutStatus;
import io.ledger.messages.payout.RecallPayoutCommand;
import io.ledger.messages.payout.RefusePayoutCommand;
import io.ledger.messages.payout.ReleasePayoutCommand;
import io.ledger.messages.payout.ReportBankResultCommand;
import io.ledger.messages.payout.SettlePayoutCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A payout's life (ADR 0017): PENDING; REJECTED when the ledger refuses to hold the funds; otherwise
 * INSTRUCTED (OVERDUE when the bank is late) until the bank's answer is reported and booked by the payout
 * saga: SETTLED or REJECTED; a SETTLED payout may be RETURNED. This aggregate guards the transitions, the
 * idempotency key and the bank's answers (one answer per payout, the same report again is a replay); the
 * money lives on the accounts, moved by the saga.
 */
class Payout {

    @AggregateIdentifier
    private String payoutId;
    private String debtorAccountId;
    private String clearingAccountId;
    private Money amount;
    private String requestFingerprint;
    private PayoutStatus status;
    /** The answer reported and not yet booked by the saga, or null. */
    private BankResult unbooked;
    /** The last answer reported, to recognise the same report sent again. */
    private Report lastReport;

    Payout() {
    }

    /** As for a payment (ADR 0005): the id comes from caller and key, a replay collides on append and is recalled. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    PayoutReceipt handle(InitiatePayoutCommand command) {
        Ids.requireAccountId(command.debtorAccountId());
        Ids.requireAccountId(command.clearingAccountId());
        if (command.debtorAccountId().equals(command.clearingAccountId())) {
            throw new LedgerException(ErrorCode.SAME_ACCOUNT, "a payout cannot be paid from its clearing account");
        }
        if (command.amount() == null || !command.amount().isPositive()) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT, "amount must be greater than zero");
        }
        if (command.beneficiary() == null) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "a payout needs a beneficiary");
        }
        apply(new PayoutInitiatedEvent(command.payoutId(), command.debtorAccountId(), command.clearingAccountId(),
                command.amount(), command.beneficiary(), command.remittanceInfo(), command.idempotencyKey(),
                command.requestFingerprint(), command.initiatedBy(), command.ruleSetVersion()));
        return new PayoutReceipt(payoutId, status, false);
    }

    @CommandHandler
    PayoutReceipt handle(RecallPayoutCommand command) {
        if (requestFingerprint == null || !requestFingerprint.equals(command.requestFingerprint())) {
            throw new LedgerException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was already used for a different payout request");
        }
        return new PayoutReceipt(payoutId, status, true);
    }

    @CommandHandler
    void handle(RefusePayoutCommand command) {
        require(status == PayoutStatus.PENDING, "is " + status + ", not PENDING");
        apply(new PayoutRefusedEvent(payoutId, command.reason()));
    }

    /** The saga: a risk rule asked for a review (ADR 0033); both holds are taken, the payout waits. */
    @CommandHandler
    void handle(HoldPayoutForReviewCommand command) {
        require(status == PayoutStatus.PENDING, "is " + status + ", not PENDING");
        apply(new PayoutHeldForReviewEvent(payoutId, debtorAccountId, clearingAccountId, amount, command.decision(),
                command.decideBy()));
    }

    /** An analyst lets the payout go on: the saga instructs it. */
    @CommandHandler
    void handle(ApprovePayoutReviewCommand command) {
        requireInReview();
        apply(new PayoutReviewApprovedEvent(payoutId, command.approvedBy()));
    }

    /** An analyst, or the review's deadline, declines the payout: it ends REJECTED, RISK_DECLINED. */
    @CommandHandler
    void handle(DeclinePayoutReviewCommand command) {
        requireInReview();
        apply(new PayoutReviewDeclinedEvent(payoutId, command.declinedBy()));
    }

    private void requireInReview() {
        if (status != PayoutStatus.IN_REVIEW) {
            throw new LedgerException(ErrorCode.PAYOUT_NOT_IN_REVIEW, "payout " + payoutId + " is " + status
                    + ", not IN_REVIEW");
        }
    }

    @CommandHandler
    void handle(InstructPayoutCommand command) {
        require(status == PayoutStatus.PENDING, "is " + status + ", not PENDING");
        apply(new PayoutInstructedEvent(payoutId, debtorAccountId, clearingAccountId, amount, command.answerBy()));
    }

    /** The saga's deadline. An answer reported first wins: then this changes nothing. */
    @CommandHandler
    void handle(MarkPayoutOverdueCommand command) {
        if (status == PayoutStatus.INSTRUCTED && unbooked == null) {
            apply(new PayoutOverdueEvent(payoutId, null));
        }
    }

    /**
     * The bank's answer. ACCEPTED and REJECTED answer an instruction (INSTRUCTED or OVERDUE); RETURNED follows
     * a settlement. The same report again answers as a replay; a different answer to what was already
     * answered is a conflict, never a second booking.
     */
    @CommandHandler
    PayoutReceipt handle(ReportBankResultCommand command) {
        Report report = Report.of(command);
        if (report.equals(lastReport)) {
            return new PayoutReceipt(payoutId, status, true);
        }
        boolean awaited = unbooked == null && (command.result() == BankResult.RETURNED
                ? status == PayoutStatus.SETTLED
                : status.awaitsBank());
        if (!awaited) {
            // The bank already answered what this report answers: the instruction (accepted or rejected), or the return.
            if (lastReport != null && (command.result() != BankResult.RETURNED || lastReport.result() == BankResult.RETURNED)) {
                throw new LedgerException(ErrorCode.BANK_RESULT_CONFLICT, "payout " + payoutId
                        + " was already answered " + lastReport.result() + "; a different answer is not taken");
            }
            throw new LedgerException(ErrorCode.PAYOUT_NOT_AWAITING_RESULT, "payout " + payoutId + " is " + status
                    + "; " + command.result() + " answers " + (command.result() == BankResult.RETURNED
                    ? "a SETTLED payout" : "an INSTRUCTED or OVERDUE payout"));
        }
        apply(new PayoutBankResultReportedEvent(payoutId, command.result(), command.bankReference(),
                command.reasonCode(), command.reportedBy(), debtorAccountId, clearingAccountId, amount));
        return new PayoutReceipt(payoutId, status, false);
    }

    @CommandHandler
    void handle(SettlePayoutCommand command) {
        require(unbooked == BankResult.ACCEPTED, "has no acceptance to book");
        apply(new PayoutSettledEvent(payoutId, debtorAccountId, clearingAccountId, amount, lastReport.bankReference()));
    }

    @CommandHandler
    void handle(ReleasePayoutCommand command) {
        require(unbooked == BankResult.REJECTED, "has no rejection to book");
        apply(new PayoutRejectedEvent(payoutId, lastReport.reasonCode()));
    }

    @CommandHandler
    void handle(BookPayoutReturnCommand command) {
        require(unbooked == BankResult.RETURNED, "has no return to book");
        apply(command.refusal() == null
                ? new PayoutReturnedEvent(payoutId, debtorAccountId, clearingAccountId, amount, lastReport.reasonCode())
                : new PayoutReturnRefusedEvent(payoutId, command.refusal()));
    }

    private void require(boolean condition, String otherwise) {
        if (!condition) {
            throw new LedgerException(ErrorCode.PAYOUT_NOT_AWAITING_RESULT, "payout " + payoutId + " " + otherwise);
        }
    }

    @EventSourcingHandler
    void on(PayoutInitiatedEvent event) {
        payoutId = event.payoutId();
        debtorAccountId = event.debtorAccountId();
        clearingAccountId = event.clearingAccountId();
        amount = event.amount();
        requestFingerprint = event.requestFingerprint();
        status = PayoutStatus.PENDING;
    }

    @EventSourcingHandler
    void on(PayoutRefusedEvent event) {
        status = PayoutStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(PayoutHeldForReviewEvent event) {
        status = PayoutStatus.IN_REVIEW;
    }

    @EventSourcingHandler
    void on(PayoutReviewApprovedEvent event) {
        status = PayoutStatus.PENDING;
    }

    @EventSourcingHandler
    void on(PayoutReviewDeclinedEvent event) {
        status = PayoutStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(PayoutInstructedEvent event) {
        status = PayoutStatus.INSTRUCTED;
    }

    @EventSourcingHandler
    void on(PayoutOverdueEvent event) {
        status = PayoutStatus.OVERDUE;
    }

    @EventSourcingHandler
    void on(PayoutBankResultReportedEvent event) {
        unbooked = event.result();
        lastReport = new Report(event.result(), event.bankReference(), event.reasonCode());
    }

    @EventSourcingHandler
    void on(PayoutSettledEvent event) {
        unbooked = null;
        status = PayoutStatus.SETTLED;
    }

    @EventSourcingHandler
    void on(PayoutRejectedEvent event) {
        unbooked = null;
        status = PayoutStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(PayoutReturnedEvent event) {
        unbooked = null;
        status = PayoutStatus.RETURNED;
    }

    /** The return could not be booked; the payout stays SETTLED and the same return may be reported again. */
    @EventSourcingHandler
    void on(PayoutReturnRefusedEvent event) {
        unbooked = null;
        lastReport = null;
    }

    /** A bank answer as the bank lane reported it. */
    record Report(BankResult result, String bankReference, String reasonCode) {
        static Report of(ReportBankResultCommand command) {
            Objects.requireNonNull(command.result(), "result");
            return new Report(command.result(), command.bankReference(), command.reasonCode());
        }
    }
}
