package io.ledger.api.batch;

import io.ledger.messages.batch.PaymentBatchItemRefusedEvent;
import io.ledger.messages.batch.PaymentBatchSubmittedEvent;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.payment.CapturePaymentCommand;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.payment.DeclineReviewCommand;
import io.ledger.messages.payment.VoidPaymentCommand;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.util.List;

/**
 * An atomic batch (issue 20): all its payments settle or none does. Its items are sent as authorizations (funds
 * held, nothing posted); this saga counts their answers. When every item is authorized it captures them all —
 * a capture posts a hold and is never refused, and no one else may capture or void an item of an atomic batch —
 * and when any item is rejected or expires, or the batch's window passes first, it voids every one that was
 * authorized (and any authorized later). Stored in the database's saga store with its deadline: it waits for as
 * many answers as the batch has items.
 *
 * <p>Public only because Axon instantiates sagas reflectively.
 */
public class AtomicBatchSaga {

    static final String BATCH_ID = "batchId";
    static final String PAYMENT_ID = "paymentId";
    static final String WINDOW = "atomic-batch-window";
    /** Who the saga's captures and voids are recorded as: the batch, not a person. */
    static final String ACTOR = "atomic-batch";

    enum Decision { WAITING, CAPTURE, VOID }

    private String batchId;
    private int items;
    private int authorized;
    private int failed;
    private int closed;
    private Decision decision = Decision.WAITING;
    private String windowId;

    private transient CommandGateway commands;
    private transient DeadlineManager deadlines;
    private transient AtomicBatchItems batches;
    private transient AtomicBatchSettings settings;

    @StartSaga
    @SagaEventHandler(associationProperty = BATCH_ID)
    void on(PaymentBatchSubmittedEvent event) {
        if (!event.atomic() || event.refused() > 0) {
            // Not atomic, or failed at submission (nothing is sent): nothing to wait for.
            SagaLifecycle.end();
            return;
        }
        batchId = event.batchId();
        items = event.itemCount();
        for (String paymentId : batches.paymentIds(batchId)) {
            SagaLifecycle.associateWith(PAYMENT_ID, paymentId);
        }
        windowId = deadlines.schedule(settings.window(), WINDOW);
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentAuthorizedEvent event) {
        authorized++;
        if (decision == Decision.VOID) {
            // Authorized after the batch failed (its window passed while it was still being sent): released at once.
            voidAuthorization(event.paymentId());
            return;
        }
        decide();
    }

    /** An item refused when it was sent never becomes a payment: it failed. */
    @SagaEventHandler(associationProperty = BATCH_ID)
    void on(PaymentBatchItemRefusedEvent event) {
        answerFailed();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentRejectedEvent event) {
        answerFailed();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentExpiredEvent event) {
        if (decision == Decision.CAPTURE) {
            // Cannot happen while the window is shorter than the authorizations' life; counted as closed if it does.
            closed++;
            endWhenClosed();
            return;
        }
        answerFailed();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentSettledEvent event) {
        closed++;
        endWhenClosed();
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    void on(PaymentVoidedEvent event) {
        closed++;
        endWhenClosed();
    }

    /**
     * The window passed. Before every item answered: the batch fails, and what was authorized is released. After it
     * failed: whatever was authorized since is released, and the saga ends (items never sent have nothing to wait for).
     */
    @DeadlineHandler(deadlineName = WINDOW)
    void onWindowPassed() {
        windowId = null;
        if (decision == Decision.WAITING) {
            fail("BATCH_WINDOW_PASSED");
        } else {
            batches.paymentIds(batchId).forEach(this::voidAuthorization);
        }
        SagaLifecycle.end();
    }

    private void answerFailed() {
        failed++;
        if (decision == Decision.WAITING) {
            fail(null);
        } else {
            endWhenClosed();
        }
    }

    private void decide() {
        if (decision == Decision.WAITING && authorized == items) {
            decision = Decision.CAPTURE;
            cancelWindow();
            for (String paymentId : batches.paymentIds(batchId)) {
                commands.sendAndWait(new CapturePaymentCommand(paymentId, null, ACTOR, "capture:" + batchId));
            }
            batches.atomicOutcome(batchId, "SETTLED", null);
        }
    }

    /** The batch fails: every authorization is voided. The window stays set, to sweep up any authorized later. */
    private void fail(String reason) {
        decision = Decision.VOID;
        batches.atomicOutcome(batchId, "FAILED", reason);
        List<String> paymentIds = batches.paymentIds(batchId);
        for (String paymentId : paymentIds) {
            voidAuthorization(paymentId);
        }
        endWhenClosed();
    }

    /**
     * Voids an authorization; a payment that is not authorized (rejected, not yet sent) has nothing to void. One a risk
     * rule held for review (ADR 0026) cannot be part of a failed batch either: its review is declined for the batch,
     * releasing its funds now rather than when an analyst or the review's deadline gets to it.
     */
    private void voidAuthorization(String paymentId) {
        try {
            commands.sendAndWait(new VoidPaymentCommand(paymentId, ACTOR, "void:" + batchId));
        } catch (LedgerException notAuthorized) {
            if (notAuthorized.code() == ErrorCode.PAYMENT_NOT_AUTHORIZED) {
                declineReview(paymentId);
            }
            // Otherwise PAYMENT_NOT_FOUND (not sent yet): nothing is held.
        }
    }

    private void declineReview(String paymentId) {
        try {
            commands.sendAndWait(new DeclineReviewCommand(paymentId, ACTOR));
        } catch (LedgerException notInReview) {
            // Rejected or expired: nothing is held.
        }
    }

    /** Every item has ended: settled, voided, rejected, expired, or cancelled unsent after the batch failed. */
    private void endWhenClosed() {
        if (decision != Decision.WAITING
                && closed + failed + (decision == Decision.VOID ? batches.cancelledItems(batchId) : 0) >= items) {
            cancelWindow();
            SagaLifecycle.end();
        }
    }

    private void cancelWindow() {
        if (windowId != null) {
            deadlines.cancelSchedule(WINDOW, windowId);
            windowId = null;
        }
    }

    @Inject
    void setCommands(CommandGateway commands) {
        this.commands = commands;
    }

    @Inject
    void setDeadlines(DeadlineManager deadlines) {
        this.deadlines = deadlines;
    }

    @Inject
    void setBatches(AtomicBatchItems batches) {
        this.batches = batches;
    }

    @Inject
    void setSettings(AtomicBatchSettings settings) {
        this.settings = settings;
    }
}
