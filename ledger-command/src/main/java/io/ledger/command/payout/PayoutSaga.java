package io.ledger.command.payout;

import io.ledger.command.risk.RiskRules;
import io.ledger.command.support.Postings;
import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.HoldCreditCommand;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payout.BookPayoutReturnCommand;
import io.ledger.messages.payout.DeclinePayoutReviewCommand;
import io.ledger.messages.payout.HoldPayoutForReviewCommand;
import io.ledger.messages.payout.InstructPayoutCommand;
import io.ledger.messages.payout.MarkPayoutOverdueCommand;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
import io.ledger.messages.payout.PayoutReviewApprovedEvent;
import io.ledger.messages.payout.PayoutReviewDeclinedEvent;
import io.ledger.messages.payout.RefusePayoutCommand;
import io.ledger.messages.payout.ReleasePayoutCommand;
import io.ledger.messages.payout.SettlePayoutCommand;
import io.ledger.messages.risk.RiskRuleSet;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Instant;

/**
 * A payout across time (ADR 0017). On initiation it asks the clearing account to accept the credit, holds the
 * debtor's funds under the debit rules and the risk rules (ADR 0026; a rule may send it to review first, ADR 0033), takes the clearing account's pending credit and instructs the payout,
 * with a deadline for the bank's answer; then it waits, stored in the database, for as long as the bank takes.
 * The answer decides: ACCEPTED posts both holds (SETTLED); REJECTED releases them, the compensation
 * (REJECTED); no answer by the deadline makes the payout OVERDUE and the saga keeps waiting, never releasing
 * or settling on its own. Every path that ends the payout ends the saga.
 *
 * <p>A return comes after the saga ended: the reported return starts a new one, which books it as new entries
 * (the clearing account debited, the debtor credited, under the same rules as a payment's credit) and ends.
 *
 * <p>Each step's commands run in the saga's unit of work and commit with its stored state and its processor's
 * token: after a crash at any point the step is retried whole from the event, nothing of it half-done.
 *
 * <p>Public only because Axon instantiates sagas reflectively; its handlers stay package-private.
 */
public class PayoutSaga {

    static final String PAYOUT_ID = "payoutId";
    /** The deadline for the bank's answer. */
    static final String ANSWER_DUE = "payout-answer-due";
    /** The deadline for an analyst's decision on a payout in review. */
    static final String REVIEW_DUE = "payout-review-due";

    private String payoutId;
    private String debtorAccountId;
    private String clearingAccountId;
    private Money amount;
    private String answerDueId;
    private String reviewDueId;

    private transient CommandGateway commandGateway;
    private transient DeadlineManager deadlineManager;
    private transient PayoutSettings settings;
    private transient RiskRules risk;

    @StartSaga
    @SagaEventHandler(associationProperty = PAYOUT_ID)
    void on(PayoutInitiatedEvent event) {
        payoutId = event.payoutId();
        debtorAccountId = event.debtorAccountId();
        clearingAccountId = event.clearingAccountId();
        amount = event.amount();
        RejectionReason refusal = ask(new CheckCreditCommand(clearingAccountId, payoutId, amount));
        PostingOutcome hold = refusal != null ? PostingOutcome.refused(refusal) : judgedHold(event);
        if (hold.refusal() != null) {
            commandGateway.sendAndWait(new RefusePayoutCommand(payoutId, hold.refusal()));
            SagaLifecycle.end();
            return;
        }
        // Accepted by the check under the lock this unit of work still holds.
        commandGateway.sendAndWait(new HoldCreditCommand(clearingAccountId, payoutId, amount));
        if (hold.heldForReview()) {
            // Both holds stay while an analyst looks (ADR 0033); nobody deciding in time declines it.
            Instant decideBy = settings.clock().instant().plus(risk.reviewWithin());
            commandGateway.sendAndWait(new HoldPayoutForReviewCommand(payoutId, hold.risk(), decideBy));
            reviewDueId = deadlineManager.schedule(decideBy, REVIEW_DUE);
            return;
        }
        instruct();
    }

    /** Instructs the payout, with a deadline for the bank's answer. */
    private void instruct() {
        Instant answerBy = settings.clock().instant().plus(settings.answerWithin());
        commandGateway.sendAndWait(new InstructPayoutCommand(payoutId, answerBy));
        answerDueId = deadlineManager.schedule(answerBy, ANSWER_DUE);
    }

    /**
     * Holds the debtor's funds under its own rules and the risk rules of the version the payout arrived under, as a
     * payment's debit is (ADR 0026, 0033; the clearing account stands as the counterparty). A REVIEW match holds the
     * funds too, and the payout waits for an analyst.
     */
    private PostingOutcome judgedHold(PayoutInitiatedEvent event) {
        RiskRuleSet rules = risk.version(event.ruleSetVersionOrNone());
        // The debtor's owner, when it has limits, is asked on the way (Postings, ADR 0034).
        PostingOutcome hold = Postings.outcome(commandGateway,
                new HoldDebitCommand(debtorAccountId, payoutId, amount, clearingAccountId, rules, null,
                        event.beneficiary() == null ? null : event.beneficiary().iban()));
        if (hold.risk() != null) {
            risk.decided(hold.risk());
        }
        return hold;
    }

    /** An analyst approved the payout in review: it goes on as it would have, instructed. */
    @SagaEventHandler(associationProperty = PAYOUT_ID)
    void on(PayoutReviewApprovedEvent event) {
        cancelReviewDeadline();
        instruct();
    }

    /** Declined, by an analyst or by the deadline: both holds are released and the saga ends. */
    @SagaEventHandler(associationProperty = PAYOUT_ID)
    void on(PayoutReviewDeclinedEvent event) {
        cancelReviewDeadline();
        commandGateway.sendAndWait(new ReleaseHoldCommand(debtorAccountId, payoutId, Direction.DEBIT));
        commandGateway.sendAndWait(new ReleaseHoldCommand(clearingAccountId, payoutId, Direction.CREDIT));
        SagaLifecycle.end();
    }

    /** Nobody decided in time: the payout is declined (an analyst's decision that came first stands). */
    @DeadlineHandler(deadlineName = REVIEW_DUE)
    void onReviewDue() {
        reviewDueId = null;
        try {
            commandGateway.sendAndWait(new DeclinePayoutReviewCommand(payoutId, null));
        } catch (LedgerException decided) {
            // Approved or declined just before: nothing left to decline.
        }
    }

    private void cancelReviewDeadline() {
        if (reviewDueId != null) {
            deadlineManager.cancelSchedule(REVIEW_DUE, reviewDueId);
            reviewDueId = null;
        }
    }

    /** No answer in time: the payout is flagged OVERDUE for operators; the funds stay held, the saga waits on. */
    @DeadlineHandler(deadlineName = ANSWER_DUE)
    void onAnswerDue() {
        answerDueId = null;
        commandGateway.sendAndWait(new MarkPayoutOverdueCommand(payoutId));
    }

    /**
     * The bank's answer, booked. {@code @StartSaga} for a return only: the saga that instructed the payout
     * handles its acceptance or rejection; a return finds it ended and starts one of its own.
     */
    @StartSaga
    @SagaEventHandler(associationProperty = PAYOUT_ID)
    void on(PayoutBankResultReportedEvent event) {
        String id = event.payoutId();
        switch (event.result()) {
            case ACCEPTED -> {
                commandGateway.sendAndWait(new PostHoldCommand(event.debtorAccountId(), id, Direction.DEBIT, event.amount()));
                commandGateway.sendAndWait(new PostHoldCommand(event.clearingAccountId(), id, Direction.CREDIT, event.amount()));
                commandGateway.sendAndWait(new SettlePayoutCommand(id));
            }
            case REJECTED -> {
                commandGateway.sendAndWait(new ReleaseHoldCommand(event.debtorAccountId(), id, Direction.DEBIT));
                commandGateway.sendAndWait(new ReleaseHoldCommand(event.clearingAccountId(), id, Direction.CREDIT));
                commandGateway.sendAndWait(new ReleasePayoutCommand(id));
            }
            case RETURNED -> bookReturn(event);
        }
        if (answerDueId != null) {
            deadlineManager.cancelSchedule(ANSWER_DUE, answerDueId);
            answerDueId = null;
        }
        SagaLifecycle.end();
    }

    /**
     * The money came back: the debtor is asked first whether it takes the credit (a closed or frozen account
     * does not), then the clearing account is debited and the debtor credited, under the same locks. A refusal
     * books nothing: the money stays on the clearing account and the return can be reported again.
     */
    private void bookReturn(PayoutBankResultReportedEvent event) {
        String id = event.payoutId();
        RejectionReason refusal = ask(new CheckCreditCommand(event.debtorAccountId(), id, event.amount()));
        if (refusal == null) {
            refusal = ask(new DebitAccountCommand(event.clearingAccountId(), id, event.amount()));
        }
        if (refusal == null) {
            commandGateway.sendAndWait(new CreditAccountCommand(event.debtorAccountId(), id, event.amount()));
        }
        commandGateway.sendAndWait(new BookPayoutReturnCommand(id, refusal));
    }

    /** Sends a check, a debit or a hold; answers the reason it was refused, or null when it was accepted. */
    private RejectionReason ask(Object command) {
        return Postings.refusal(commandGateway, command);
    }

    @Inject
    void setCommandGateway(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @Inject
    void setDeadlineManager(DeadlineManager deadlineManager) {
        this.deadlineManager = deadlineManager;
    }

    @Inject
    void setSettings(PayoutSettings settings) {
        this.settings = settings;
    }

    @Inject
    void setRiskRules(RiskRules risk) {
        this.risk = risk;
    }
}
