package io.ledger.command.payment;

import io.ledger.messages.account.PostCreditCommand;
import io.ledger.messages.account.PostDebitCommand;
import io.ledger.messages.account.ReleaseCreditCommand;
import io.ledger.messages.account.ReleaseDebitCommand;
import io.ledger.messages.account.ReservationOutcome;
import io.ledger.messages.account.ReserveCreditCommand;
import io.ledger.messages.account.ReserveDebitCommand;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.time.Instant;

/**
 * Settles one payment in two phases: hold on the debtor, pending credit on the creditor, then post
 * both. Any refusal after a hold was taken releases every hold taken before the payment ends REJECTED;
 * a payment whose deadline (initiation time plus the settlement timeout) passes before both holds are
 * taken releases what it holds and ends EXPIRED.
 *
 * <p>Every step is a command dispatched synchronously inside this saga's unit of work, and every
 * reservation answers its outcome, so the whole settlement runs in one invocation and commits with the
 * saga's transaction: a payment is never half-settled, and the saga never has to wait for an event,
 * keep state between events, or schedule a deadline (ADR 0003, ADR 0008). It starts and ends on
 * {@link PaymentInitiatedEvent}.
 *
 * <p>Public only because Axon instantiates sagas reflectively; its handler stays package-private.
 */
public class PaymentSaga {

    private static final String PAYMENT_ID = "paymentId";

    private transient CommandGateway commandGateway;
    private transient SettlementSettings settings;

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
        RejectionReason debitRefusal = reserve(new ReserveDebitCommand(payment.debtorAccountId(), paymentId,
                payment.amount()));
        if (debitRefusal != null) {
            reject(payment, debitRefusal);
            return;
        }
        if (passed(deadline)) {
            commandGateway.sendAndWait(new ReleaseDebitCommand(payment.debtorAccountId(), paymentId));
            expire(payment);
            return;
        }
        RejectionReason creditRefusal = reserve(new ReserveCreditCommand(payment.creditorAccountId(), paymentId,
                payment.amount()));
        if (creditRefusal != null) {
            commandGateway.sendAndWait(new ReleaseDebitCommand(payment.debtorAccountId(), paymentId));
            reject(payment, creditRefusal);
            return;
        }
        if (passed(deadline)) {
            commandGateway.sendAndWait(new ReleaseDebitCommand(payment.debtorAccountId(), paymentId));
            commandGateway.sendAndWait(new ReleaseCreditCommand(payment.creditorAccountId(), paymentId));
            expire(payment);
            return;
        }
        // Both holds are taken: posting an existing hold never fails, so from here the payment settles.
        commandGateway.sendAndWait(new PostDebitCommand(payment.debtorAccountId(), paymentId));
        commandGateway.sendAndWait(new PostCreditCommand(payment.creditorAccountId(), paymentId));
        commandGateway.sendAndWait(new SettlePaymentCommand(paymentId));
        if (payment.reversalOf() != null) {
            commandGateway.sendAndWait(new CompleteReversalCommand(payment.reversalOf(), paymentId));
        }
    }

    /** Takes a hold; answers the reason it was refused, or null when it was taken. */
    private RejectionReason reserve(Object command) {
        try {
            ReservationOutcome outcome = commandGateway.sendAndWait(command);
            return outcome.isReserved() ? null : outcome.refusal();
        } catch (AggregateNotFoundException e) {
            return RejectionReason.ACCOUNT_NOT_FOUND;
        }
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
    void setSettings(SettlementSettings settings) {
        this.settings = settings;
    }
}
