package io.ledger.command.payment;

import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservationRejectedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservationRejectedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.PostCreditCommand;
import io.ledger.messages.account.PostDebitCommand;
import io.ledger.messages.account.ReleaseCreditCommand;
import io.ledger.messages.account.ReleaseDebitCommand;
import io.ledger.messages.account.ReserveCreditCommand;
import io.ledger.messages.account.ReserveDebitCommand;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.SettlePaymentCommand;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Settles one payment in two phases: hold on the debtor, pending credit on the creditor, then post
 * both. Any refusal after a hold was taken releases every hold taken before the payment ends REJECTED;
 * a payment still unsettled at its deadline releases its holds and ends EXPIRED.
 *
 * <p>Commands are dispatched synchronously inside this saga's unit of work, so the saga's new state
 * and the events its commands cause commit together: a step is never half-done, and the outcome of
 * every command it sent is guaranteed to arrive as an event. That is why the deadline only marks the
 * saga as expired while a reservation outcome is on its way, and why it is ignored once both holds are
 * taken: posting an existing hold never fails, so a fully reserved payment always settles.
 *
 * <p>Public only because Axon instantiates sagas reflectively; its handlers stay package-private.
 */
public class PaymentSaga {

    static final String SETTLEMENT_DEADLINE = "payment-settlement-deadline";
    private static final String PAYMENT_ID = "paymentId";

    enum Phase { RESERVING_DEBIT, RESERVING_CREDIT, POSTING, RELEASING, FINISHING }

    private transient CommandGateway commandGateway;
    private transient DeadlineManager deadlineManager;
    private transient SettlementSettings settings;

    private String paymentId;
    private String debtorAccountId;
    private String creditorAccountId;
    private Money amount;
    private String reversalOf;
    private Phase phase;
    private boolean debitHeld;
    private boolean creditHeld;
    private boolean debitPosted;
    private boolean creditPosted;
    private boolean expired;
    private RejectionReason rejection;
    private String deadlineId;

    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentInitiatedEvent event) {
        paymentId = event.paymentId();
        debtorAccountId = event.debtorAccountId();
        creditorAccountId = event.creditorAccountId();
        amount = event.amount();
        reversalOf = event.reversalOf();
        deadlineId = deadlineManager.schedule(settings.settlementTimeout(), SETTLEMENT_DEADLINE, paymentId);
        phase = Phase.RESERVING_DEBIT;
        if (!dispatchToAccount(new ReserveDebitCommand(debtorAccountId, paymentId, amount))) {
            compensate(RejectionReason.ACCOUNT_NOT_FOUND);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(DebitReservedEvent event) {
        debitHeld = true;
        if (expired) {
            compensate(null);
            return;
        }
        phase = Phase.RESERVING_CREDIT;
        if (!dispatchToAccount(new ReserveCreditCommand(creditorAccountId, paymentId, amount))) {
            compensate(RejectionReason.ACCOUNT_NOT_FOUND);
        }
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(DebitReservationRejectedEvent event) {
        compensate(event.reason());
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(CreditReservedEvent event) {
        creditHeld = true;
        if (expired) {
            compensate(null);
            return;
        }
        phase = Phase.POSTING;
        commandGateway.sendAndWait(new PostDebitCommand(debtorAccountId, paymentId));
        commandGateway.sendAndWait(new PostCreditCommand(creditorAccountId, paymentId));
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(CreditReservationRejectedEvent event) {
        compensate(event.reason());
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(DebitPostedEvent event) {
        debitHeld = false;
        debitPosted = true;
        settleWhenBothPosted();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(CreditPostedEvent event) {
        creditHeld = false;
        creditPosted = true;
        settleWhenBothPosted();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(DebitReleasedEvent event) {
        debitHeld = false;
        finishWhenNothingHeld();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(CreditReleasedEvent event) {
        creditHeld = false;
        finishWhenNothingHeld();
    }

    @DeadlineHandler(deadlineName = SETTLEMENT_DEADLINE)
    void onSettlementDeadline() {
        deadlineId = null;
        if (phase == Phase.RESERVING_DEBIT || phase == Phase.RESERVING_CREDIT) {
            // The reservation just sent has committed; its outcome event decides what to release.
            expired = true;
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentSettledEvent event) {
        cancelDeadline();
        if (reversalOf != null) {
            commandGateway.sendAndWait(new CompleteReversalCommand(reversalOf, paymentId));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRejectedEvent event) {
        cancelDeadline();
        failReversal(event.reason().name());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentExpiredEvent event) {
        cancelDeadline();
        failReversal("EXPIRED");
    }

    private void compensate(RejectionReason reason) {
        rejection = reason;
        phase = Phase.RELEASING;
        if (debitHeld) {
            commandGateway.sendAndWait(new ReleaseDebitCommand(debtorAccountId, paymentId));
        }
        if (creditHeld) {
            commandGateway.sendAndWait(new ReleaseCreditCommand(creditorAccountId, paymentId));
        }
        finishWhenNothingHeld();
    }

    private void finishWhenNothingHeld() {
        if (phase != Phase.RELEASING || debitHeld || creditHeld) {
            return;
        }
        phase = Phase.FINISHING;
        if (rejection != null) {
            commandGateway.sendAndWait(new RejectPaymentCommand(paymentId, rejection));
        } else {
            commandGateway.sendAndWait(new ExpirePaymentCommand(paymentId));
        }
    }

    private void settleWhenBothPosted() {
        if (debitPosted && creditPosted) {
            phase = Phase.FINISHING;
            commandGateway.sendAndWait(new SettlePaymentCommand(paymentId));
        }
    }

    /** Sends a reservation; false when the account does not exist, which becomes ACCOUNT_NOT_FOUND. */
    private boolean dispatchToAccount(Object command) {
        try {
            commandGateway.sendAndWait(command);
            return true;
        } catch (AggregateNotFoundException e) {
            return false;
        }
    }

    private void failReversal(String reason) {
        if (reversalOf != null) {
            commandGateway.sendAndWait(new FailReversalCommand(reversalOf, paymentId, reason));
        }
    }

    private void cancelDeadline() {
        if (deadlineId != null) {
            deadlineManager.cancelSchedule(SETTLEMENT_DEADLINE, deadlineId);
        }
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
    void setSettings(SettlementSettings settings) {
        this.settings = settings;
    }
}
