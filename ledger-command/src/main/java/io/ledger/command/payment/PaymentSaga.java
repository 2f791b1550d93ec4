package io.ledger.command.payment;

import io.ledger.command.risk.RiskRules;
import io.ledger.command.support.Postings;
import io.ledger.messages.account.LimitGiveBack;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.payment.HoldForReviewCommand;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskRuleSet;
import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.HoldCreditCommand;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.AuthorizePaymentCommand;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Instant;

/**
 * Settles one payment: asks the creditor whether it accepts the credit, debits the debtor (which
 * refuses what its rules do not allow, insufficient funds above all), credits the creditor, and marks
 * the payment SETTLED. A refusal ends the payment REJECTED with nothing posted; a payment whose deadline
 * (initiation time plus the settlement timeout) passes before the debit ends EXPIRED with nothing
 * posted.
 *
 * <p>A MANUAL payment is authorized instead: the debtor's funds held, the creditor's credit pending, the
 * payment AUTHORIZED with a durable expiry deadline; its capture, void or expiry happen later, outside this
 * saga (ADR 0016).
 *
 * <p>The debit (or the debtor's hold) is judged by the risk rules of the version the payment arrived under: REVIEW
 * holds both sides and the payment waits IN_REVIEW for an analyst or its deadline; DENY rejects it (ADR 0026).
 *
 * <p>Every step is a command dispatched synchronously inside this saga's unit of work, so the whole
 * settlement runs in one invocation, holds both accounts until it commits, and commits with the saga's
 * transaction: a payment is never half-settled, and an accepted credit cannot be refused by the time it
 * is posted. That is why the payment needs no holds (ADR 0013) and no scheduled deadline (ADR 0008),
 * and why the saga never keeps state between events. It starts and ends on {@link PaymentInitiatedEvent}.
 *
 * <p>Public only because Axon instantiates sagas reflectively; its handler stays package-private.
 */
public class PaymentSaga {

    static final String PAYMENT_ID = "paymentId";

    private transient CommandGateway commandGateway;
    private transient SettlementSettings settings;
    private transient RiskRules risk;

    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentInitiatedEvent event, @Timestamp Instant initiatedAt) {
        Instant deadline = initiatedAt.plus(settings.settlementTimeout());
        try {
            settle(event, deadline);
        } finally {
            SagaLifecycle.end();
        }
    }

    private void settle(PaymentInitiatedEvent payment, Instant deadline) {
        String paymentId = payment.paymentId();
        if (passed(deadline)) {
            expire(payment);
            return;
        }
        RejectionReason refusal = ask(new CheckCreditCommand(payment.creditorAccountId(), paymentId, payment.amount()));
        if (refusal != null) {
            reject(payment, refusal);
            return;
        }
        if (passed(deadline)) {
            expire(payment);
            return;
        }
        RiskRuleSet rules = risk.version(payment.ruleSetVersionOrNone());
        if (payment.manual()) {
            authorize(payment, rules);
            return;
        }
        PostingOutcome debit = judged(new DebitAccountCommand(payment.debtorAccountId(), paymentId, payment.amount(),
                payment.creditorAccountId(), rules));
        if (debit.heldForReview()) {
            holdForReview(payment, debit.risk());
            return;
        }
        if (debit.refusal() != null) {
            reject(payment, debit.refusal());
            return;
        }
        // The debit is posted and the creditor accepted under the lock this unit of work still holds.
        commandGateway.sendAndWait(new CreditAccountCommand(payment.creditorAccountId(), paymentId, payment.amount(),
                payment.reversalOf() == null || payment.reversedCountedAt() == null ? null
                        : new LimitGiveBack(payment.reversalOf(), payment.reversedCountedAt())));
        commandGateway.sendAndWait(new SettlePaymentCommand(paymentId));
        if (payment.reversalOf() != null) {
            commandGateway.sendAndWait(new CompleteReversalCommand(payment.reversalOf(), paymentId));
        }
    }

    /**
     * A MANUAL payment holds instead of posting: the debtor's funds under the same rules as a debit, then
     * the creditor's pending credit (accepted by the check, under the same lock), then the payment waits
     * AUTHORIZED with its expiry deadline scheduled, all in this one transaction (ADR 0016).
     */
    private void authorize(PaymentInitiatedEvent payment, RiskRuleSet rules) {
        String paymentId = payment.paymentId();
        PostingOutcome hold = judged(new HoldDebitCommand(payment.debtorAccountId(), paymentId, payment.amount(),
                payment.creditorAccountId(), rules));
        if (hold.heldForReview()) {
            holdForReview(payment, hold.risk());
            return;
        }
        if (hold.refusal() != null) {
            reject(payment, hold.refusal());
            return;
        }
        commandGateway.sendAndWait(new HoldCreditCommand(payment.creditorAccountId(), paymentId, payment.amount()));
        commandGateway.sendAndWait(new AuthorizePaymentCommand(paymentId));
    }

    /**
     * A risk rule asked for a review (ADR 0026): the debtor already holds the funds; the creditor's pending credit
     * (accepted by the check, under the same lock) and the payment's wait IN_REVIEW, with its deadline, follow in
     * this one transaction.
     */
    private void holdForReview(PaymentInitiatedEvent payment, RiskDecision decision) {
        commandGateway.sendAndWait(new HoldCreditCommand(payment.creditorAccountId(), payment.paymentId(), payment.amount()));
        commandGateway.sendAndWait(new HoldForReviewCommand(payment.paymentId(), decision,
                settings.clock().instant().plus(risk.reviewWithin())));
    }

    /** Sends a debit or a debit hold; answers its outcome, and tells the rules what they decided. */
    private PostingOutcome judged(Object command) {
        PostingOutcome outcome = Postings.outcome(commandGateway, command);
        if (outcome.risk() != null) {
            risk.decided(outcome.risk());
        }
        return outcome;
    }

    /** Sends a check; answers the reason it was refused, or null when it was accepted. */
    private RejectionReason ask(Object command) {
        return Postings.refusal(commandGateway, command);
    }

    private void reject(PaymentInitiatedEvent payment, RejectionReason reason) {
        commandGateway.sendAndWait(new RejectPaymentCommand(payment.paymentId(), reason));
        failReversal(payment, reason.name());
    }

    private void expire(PaymentInitiatedEvent payment) {
        commandGateway.sendAndWait(new ExpirePaymentCommand(payment.paymentId()));
        failReversal(payment, "EXPIRED");
    }

    private void failReversal(PaymentInitiatedEvent payment, String reason) {
        if (payment.reversalOf() != null) {
            commandGateway.sendAndWait(new FailReversalCommand(payment.reversalOf(), payment.paymentId(), reason));
        }
    }

    private boolean passed(Instant deadline) {
        return !settings.clock().instant().isBefore(deadline);
    }

    @Inject
    void setCommandGateway(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @Inject
    void setRiskRules(RiskRules risk) {
        this.risk = risk;
    }

    @Inject
    void setSettings(SettlementSettings settings) {
        this.settings = settings;
    }
}
