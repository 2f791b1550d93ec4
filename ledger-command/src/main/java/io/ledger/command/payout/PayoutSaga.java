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
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payout.BookPayoutReturnCommand;
import io.ledger.messages.payout.InstructPayoutCommand;
import io.ledger.messages.payout.MarkPayoutOverdueCommand;
import io.ledger.messages.payout.PayoutBankResultReportedEvent;
import io.ledger.messages.payout.PayoutInitiatedEvent;
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
 * debtor's funds under the debit rules and the risk rules (ADR 0026), takes the clearing account's pending credit and instructs the payout,
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

    private String payoutId;
    private String debtorAccountId;
    private String clearingAccountId;
    private Money amount;
    private String answerDueId;

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
        if (refusal == null) {
            refusal = judgedHold(event);
        }
        if (refusal != null) {
            commandGateway.sendAndWait(new RefusePayoutCommand(payoutId, refusal));
            SagaLifecycle.end();
            return;
        }
        // Accepted by the check under the lock this unit of work still holds.
        commandGateway.sendAndWait(new HoldCreditCommand(clearingAccountId, payoutId, amount));
        Instant answerBy = settings.clock().instant().plus(settings.answerWithin());
        commandGateway.sendAndWait(new InstructPayoutCommand(payoutId, answerBy));
        answerDueId = deadlineManager.schedule(answerBy, ANSWER_DUE);
    }

    /**
     * Holds the debtor's funds under its own rules and the risk rules of the version the payout arrived under, as a
     * payment's debit is (ADR 0026; the clearing account stands as the counterparty). A payout leaves the ledger, and
     * payouts have no review queue: a REVIEW match releases the hold it took and refuses the payout (fail closed).
     */
    private RejectionReason judgedHold(PayoutInitiatedEvent event) {
        RiskRuleSet rules = risk.version(event.ruleSetVersionOrNone());
        PostingOutcome hold = Postings.outcome(commandGateway,
                new HoldDebitCommand(debtorAccountId, payoutId, amount, clearingAccountId, rules));
        if (hold.risk() != null) {
            risk.decided(hold.risk());
        }
        if (hold.heldForReview()) {
            commandGateway.sendAndWait(new ReleaseHoldCommand(debtorAccountId, payoutId, Direction.DEBIT));
            return RejectionReason.RISK_REVIEW_REQUIRED;
        }
        return hold.refusal();
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
