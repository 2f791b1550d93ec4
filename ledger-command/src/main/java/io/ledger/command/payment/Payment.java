package io.ledger.command.payment;

import io.ledger.command.account.AccountLocks;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.AuthorizePaymentCommand;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.CompleteReversalCommand;
import io.ledger.messages.payment.ExpirePaymentCommand;
import io.ledger.messages.payment.FailReversalCommand;
import io.ledger.messages.payment.HoldForReviewCommand;
import io.ledger.messages.payment.PaymentHeldForReviewEvent;
import io.ledger.messages.payment.PaymentReviewApprovedEvent;
import io.ledger.messages.payment.PaymentReviewDeclinedEvent;
import io.ledger.messages.common.RejectionReason;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentAuthorizedEvent;
import io.ledger.messages.payment.PaymentCapturedEvent;
import io.ledger.messages.payment.PaymentExpiredEvent;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.PaymentRejectedEvent;
import io.ledger.messages.payment.PaymentReversalFailedEvent;
import io.ledger.messages.payment.PaymentReversalRequestedEvent;
import io.ledger.messages.payment.PaymentReversedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import io.ledger.messages.payment.PaymentStatus;
import io.ledger.messages.payment.RecallPaymentCommand;
import io.ledger.messages.payment.RejectPaymentCommand;
import io.ledger.messages.payment.PaymentVoidedEvent;
import io.ledger.messages.payment.SettlePaymentCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Instant;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A payment's life: PENDING, then exactly one of SETTLED, REJECTED or EXPIRED; a SETTLED payment
 * becomes REVERSED when a reversal payment settles. A MANUAL payment is AUTHORIZED in between, and ends
 * SETTLED (captured), VOIDED or EXPIRED (ADR 0016). A payment a risk rule sent to review waits IN_REVIEW with its
 * funds held, and goes on as it would have when approved, or ends REJECTED when declined or not decided in time
 * (ADR 0026). The money itself lives on the accounts; this
 * aggregate guards the status transitions and the idempotency key.
 */
class Payment {

    /** The durable deadline that ends an uncaptured authorization. */
    static final String AUTHORIZATION_EXPIRY = "authorization-expiry";
    /** The durable deadline that declines a payment nobody reviewed in time. */
    static final String REVIEW_DEADLINE = "review-deadline";

    @AggregateIdentifier
    private String paymentId;
    private String debtorAccountId;
    private String creditorAccountId;
    private Money amount;
    private String requestFingerprint;
    private String reversalOf;
    private PaymentStatus status;
    private String pendingReversalId;
    private Instant expiresAt;
    private boolean manual;
    /**
     * When the debtor's limits counted the amount (the debit, or the hold of an authorization or a review): a
     * reversal gives the amount back to them at that time.
     */
    private Instant countedAt;
    /** The key of the capture or void that ended the authorization, so that the same request answers again. */
    private String endedByKey;

    Payment() {
    }

    /**
     * Creates the payment without looking for an existing one: the id is derived from caller and
     * idempotency key, so a replay's first event collides with the stored one when it is appended
     * (the store's unique aggregate id and sequence number) and nothing of it is kept. The sender then
     * asks the stored payment with {@link RecallPaymentCommand} (ADR 0005, 0031). Looking first cost two
     * queries for every new payment, to find nothing nearly every time.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    PaymentReceipt handle(InitiatePaymentCommand command) {
        if (command.captureMode() == CaptureMode.MANUAL && command.expiresAt() == null) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "an authorization needs an expiry");
        }
        initiate(command.paymentId(), command.debtorAccountId(), command.creditorAccountId(), command.amount(),
                command.remittanceInfo(), command.idempotencyKey(), command.requestFingerprint(),
                command.initiatedBy(), null, command.captureMode(), command.expiresAt(), command.externalReference(),
                command.metadata(), command.ruleSetVersion());
        return new PaymentReceipt(paymentId, status, false);
    }

    /** A replay of the request that created this payment is answered with it; a different request is refused. */
    @CommandHandler
    PaymentReceipt handle(RecallPaymentCommand command) {
        if (requestFingerprint == null || !requestFingerprint.equals(command.requestFingerprint())) {
            throw new LedgerException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "this Idempotency-Key was already used for a different payment request");
        }
        return new PaymentReceipt(paymentId, status, true);
    }

    /** A reversal: a new payment in the opposite direction, created by {@link PaymentReversalHandler}. */
    static Payment reversalOf(String reversalId, PaymentReversalRequestedEvent request, ReversalTerms terms) {
        Payment reversal = new Payment();
        reversal.initiate(reversalId, terms.debtorAccountId(), terms.creditorAccountId(), terms.amount(),
                terms.remittanceInfo(), null, null, request.requestedBy(), request.paymentId(), CaptureMode.AUTOMATIC, null,
                null, null, null, terms.reversedCountedAt());
        return reversal;
    }

    private void initiate(String id, String debtor, String creditor, Money money, String remittanceInfo,
                          String idempotencyKey, String fingerprint, String initiatedBy, String reversedPayment,
                          CaptureMode captureMode, Instant expiry, String externalReference,
                          Map<String, String> metadata, Integer ruleSetVersion) {
        initiate(id, debtor, creditor, money, remittanceInfo, idempotencyKey, fingerprint, initiatedBy, reversedPayment,
                captureMode, expiry, externalReference, metadata, ruleSetVersion, null);
    }

    private void initiate(String id, String debtor, String creditor, Money money, String remittanceInfo,
                          String idempotencyKey, String fingerprint, String initiatedBy, String reversedPayment,
                          CaptureMode captureMode, Instant expiry, String externalReference,
                          Map<String, String> metadata, Integer ruleSetVersion, Instant reversedCountedAt) {
        Ids.requireAccountId(debtor);
        Ids.requireAccountId(creditor);
        if (debtor.equals(creditor)) {
            throw new LedgerException(ErrorCode.SAME_ACCOUNT, "debtor and creditor must be different accounts");
        }
        if (money == null || !money.isPositive()) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT, "amount must be greater than zero");
        }
        apply(new PaymentInitiatedEvent(id, debtor, creditor, money, remittanceInfo, idempotencyKey, fingerprint,
                initiatedBy, reversedPayment, captureMode == null ? CaptureMode.AUTOMATIC : captureMode, expiry,
                externalReference, metadata == null || metadata.isEmpty() ? null : Map.copyOf(metadata),
                ruleSetVersion == null || ruleSetVersion == 0 ? null : ruleSetVersion, reversedCountedAt));
    }

    @CommandHandler
    void handle(SettlePaymentCommand command) {
        requirePending();
        apply(new PaymentSettledEvent(paymentId, debtorAccountId, creditorAccountId, amount, reversalOf));
    }

    /**
     * Both holds are taken (the settlement saga): the payment waits AUTHORIZED, and a durable deadline at
     * its expiry releases them if nobody captures or voids it first.
     */
    @CommandHandler
    void handle(AuthorizePaymentCommand command, DeadlineManager deadlines) {
        requirePending();
        apply(new PaymentAuthorizedEvent(paymentId, debtorAccountId, creditorAccountId, amount, expiresAt));
        // The scope names the payment by its id outright: the descriptor Axon builds inside an aggregate holds it
        // as a supplier, which a stored deadline loses on the way through the serializer.
        deadlines.schedule(expiresAt, AUTHORIZATION_EXPIRY, new AuthorizationExpiry(paymentId),
                new AggregateScopeDescriptor(Payment.class.getSimpleName(), paymentId));
    }

    /**
     * The expiry deadline: an authorization nobody captured or voided in time ends EXPIRED and both holds
     * are released, in the deadline's one transaction. A capture or void that came first ended it and this
     * does nothing: all three change the payment under its lock, so exactly one wins and the holds move once.
     */
    @DeadlineHandler(deadlineName = AUTHORIZATION_EXPIRY)
    void onExpiry(AuthorizationExpiry expiry, CommandGateway commands) {
        if (status != PaymentStatus.AUTHORIZED) {
            return;
        }
        apply(new PaymentExpiredEvent(paymentId, null));
        AccountLocks.inIdOrder(commands,
                debtorAccountId, new ReleaseHoldCommand(debtorAccountId, paymentId, Direction.DEBIT),
                creditorAccountId, new ReleaseHoldCommand(creditorAccountId, paymentId, Direction.CREDIT));
    }

    /**
     * Called by {@link AuthorizationHandler}: answers what to post, or null when this is the same capture
     * again (the payment as it is answers it).
     */
    Money capture(Money requested, String requestedBy, String key) {
        if (replayOf(key, PaymentStatus.SETTLED)) {
            return null;
        }
        requireAuthorized();
        Money captured = requested == null ? amount : requested;
        if (!captured.currency().equals(amount.currency()) || captured.minorUnits() > amount.minorUnits()) {
            throw new LedgerException(ErrorCode.CAPTURE_EXCEEDS_AUTHORIZATION,
                    "payment " + paymentId + " is authorized for " + amount + "; " + captured + " cannot be captured");
        }
        Money released = Money.ofMinor(amount.minorUnits() - captured.minorUnits(), amount.currency());
        apply(new PaymentCapturedEvent(paymentId, debtorAccountId, creditorAccountId, captured, released, requestedBy, key));
        apply(new PaymentSettledEvent(paymentId, debtorAccountId, creditorAccountId, captured, null));
        return captured;
    }

    /**
     * A risk rule asked for a review (ADR 0026) and both holds are taken (the settlement saga): the payment waits
     * IN_REVIEW, and a durable deadline declines it if nobody decides by then.
     */
    @CommandHandler
    void handle(HoldForReviewCommand command, DeadlineManager deadlines) {
        requirePending();
        apply(new PaymentHeldForReviewEvent(paymentId, debtorAccountId, creditorAccountId, amount, command.decision(),
                command.decideBy()));
        deadlines.schedule(command.decideBy(), REVIEW_DEADLINE, new ReviewDeadline(paymentId),
                new AggregateScopeDescriptor(Payment.class.getSimpleName(), paymentId));
    }

    /**
     * Called by {@link ReviewHandler}: the analyst approves, and the payment goes on as it would have without the
     * review. True when it settles now (both holds are to be posted); a MANUAL payment is AUTHORIZED instead, its
     * holds kept and its expiry deadline scheduled (an expiry already past ends it at once).
     */
    boolean approve(String approvedBy, DeadlineManager deadlines) {
        requireInReview();
        apply(new PaymentReviewApprovedEvent(paymentId, approvedBy));
        if (manual) {
            apply(new PaymentAuthorizedEvent(paymentId, debtorAccountId, creditorAccountId, amount, expiresAt));
            deadlines.schedule(expiresAt, AUTHORIZATION_EXPIRY, new AuthorizationExpiry(paymentId),
                    new AggregateScopeDescriptor(Payment.class.getSimpleName(), paymentId));
            return false;
        }
        apply(new PaymentSettledEvent(paymentId, debtorAccountId, creditorAccountId, amount, reversalOf));
        return true;
    }

    /** Called by {@link ReviewHandler} and the review deadline: the payment ends REJECTED, RISK_DECLINED. */
    void decline(String declinedBy) {
        requireInReview();
        apply(new PaymentReviewDeclinedEvent(paymentId, declinedBy));
        apply(new PaymentRejectedEvent(paymentId, RejectionReason.RISK_DECLINED, reversalOf));
    }

    /**
     * Nobody decided in time: declined, both holds released, in the deadline's one transaction. An approval or a
     * decline that came first ended the review and this does nothing (all of them decide under the payment's lock).
     */
    @DeadlineHandler(deadlineName = REVIEW_DEADLINE)
    void onReviewDeadline(ReviewDeadline deadline, CommandGateway commands) {
        if (status != PaymentStatus.IN_REVIEW) {
            return;
        }
        decline(null);
        AccountLocks.inIdOrder(commands,
                debtorAccountId, new ReleaseHoldCommand(debtorAccountId, paymentId, Direction.DEBIT),
                creditorAccountId, new ReleaseHoldCommand(creditorAccountId, paymentId, Direction.CREDIT));
    }

    Money amount() {
        return amount;
    }

    private void requireInReview() {
        if (status != PaymentStatus.IN_REVIEW) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_IN_REVIEW, "payment " + paymentId + " is " + status
                    + "; only a payment IN_REVIEW can be approved or declined");
        }
    }

    /** Called by {@link AuthorizationHandler}: false when this is the same void again. */
    boolean voidAuthorization(String requestedBy, String key) {
        if (replayOf(key, PaymentStatus.VOIDED)) {
            return false;
        }
        requireAuthorized();
        apply(new PaymentVoidedEvent(paymentId, debtorAccountId, creditorAccountId, amount, requestedBy, key));
        return true;
    }

    String debtorAccountId() {
        return debtorAccountId;
    }

    String creditorAccountId() {
        return creditorAccountId;
    }

    PaymentStatus status() {
        return status;
    }

    private boolean replayOf(String key, PaymentStatus endedAs) {
        return key != null && key.equals(endedByKey) && status == endedAs;
    }

    private void requireAuthorized() {
        if (status != PaymentStatus.AUTHORIZED) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_AUTHORIZED, "payment " + paymentId + " is " + status
                    + (status == PaymentStatus.EXPIRED ? " (its authorization expired)" : "")
                    + "; only an AUTHORIZED payment can be captured or voided");
        }
    }

    @CommandHandler
    void handle(RejectPaymentCommand command) {
        requirePending();
        apply(new PaymentRejectedEvent(paymentId, command.reason(), reversalOf));
    }

    @CommandHandler
    void handle(ExpirePaymentCommand command) {
        requirePending();
        apply(new PaymentExpiredEvent(paymentId, reversalOf));
    }

    /** Called by {@link PaymentReversalHandler} on the original payment. */
    ReversalTerms requestReversal(String reversalId, String requestedBy, String remittanceInfo) {
        if (reversalOf != null) {
            throw new LedgerException(ErrorCode.CANNOT_REVERSE_A_REVERSAL, "a reversal cannot itself be reversed");
        }
        if (status == PaymentStatus.REVERSED) {
            throw new LedgerException(ErrorCode.PAYMENT_ALREADY_REVERSED, "payment " + paymentId + " is already reversed");
        }
        if (status != PaymentStatus.SETTLED) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_SETTLED,
                    "only a SETTLED payment can be reversed; payment " + paymentId + " is " + status);
        }
        if (pendingReversalId != null) {
            throw new LedgerException(ErrorCode.REVERSAL_IN_PROGRESS,
                    "payment " + paymentId + " already has reversal " + pendingReversalId + " in progress");
        }
        apply(new PaymentReversalRequestedEvent(paymentId, reversalId, requestedBy));
        String info = remittanceInfo != null ? remittanceInfo : "Reversal of payment " + paymentId;
        return new ReversalTerms(creditorAccountId, debtorAccountId, amount, info, countedAt);
    }

    @CommandHandler
    void handle(CompleteReversalCommand command) {
        requireReversalInProgress(command.reversalPaymentId());
        apply(new PaymentReversedEvent(paymentId, command.reversalPaymentId()));
    }

    @CommandHandler
    void handle(FailReversalCommand command) {
        requireReversalInProgress(command.reversalPaymentId());
        apply(new PaymentReversalFailedEvent(paymentId, command.reversalPaymentId(), command.reason()));
    }

    @EventSourcingHandler
    void on(PaymentInitiatedEvent event) {
        paymentId = event.paymentId();
        debtorAccountId = event.debtorAccountId();
        creditorAccountId = event.creditorAccountId();
        amount = event.amount();
        requestFingerprint = event.requestFingerprint();
        reversalOf = event.reversalOf();
        expiresAt = event.expiresAt();
        manual = event.manual();
        status = PaymentStatus.PENDING;
    }

    @EventSourcingHandler
    void on(PaymentHeldForReviewEvent event, @Timestamp Instant at) {
        status = PaymentStatus.IN_REVIEW;
        countedAt = at;
    }

    @EventSourcingHandler
    void on(PaymentSettledEvent event, @Timestamp Instant at) {
        status = PaymentStatus.SETTLED;
        if (countedAt == null) {
            countedAt = at;
        }
    }

    @EventSourcingHandler
    void on(PaymentAuthorizedEvent event, @Timestamp Instant at) {
        status = PaymentStatus.AUTHORIZED;
        if (countedAt == null) {
            countedAt = at;
        }
    }

    @EventSourcingHandler
    void on(PaymentCapturedEvent event) {
        endedByKey = event.idempotencyKey();
        // What moved is what was captured: a reversal moves that back, not the authorized amount.
        amount = event.captured();
    }

    @EventSourcingHandler
    void on(PaymentVoidedEvent event) {
        status = PaymentStatus.VOIDED;
        endedByKey = event.idempotencyKey();
    }

    @EventSourcingHandler
    void on(PaymentRejectedEvent event) {
        status = PaymentStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(PaymentExpiredEvent event) {
        status = PaymentStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(PaymentReversalRequestedEvent event) {
        pendingReversalId = event.reversalPaymentId();
    }

    @EventSourcingHandler
    void on(PaymentReversedEvent event) {
        pendingReversalId = null;
        status = PaymentStatus.REVERSED;
    }

    @EventSourcingHandler
    void on(PaymentReversalFailedEvent event) {
        pendingReversalId = null;
    }

    private void requirePending() {
        if (status != PaymentStatus.PENDING) {
            throw new LedgerException(ErrorCode.PAYMENT_NOT_PENDING, "payment " + paymentId + " is already " + status);
        }
    }

    private void requireReversalInProgress(String reversalId) {
        if (pendingReversalId == null || !pendingReversalId.equals(reversalId)) {
            throw new LedgerException(ErrorCode.REVERSAL_IN_PROGRESS,
                    "payment " + paymentId + " has no reversal " + reversalId + " in progress");
        }
    }

    /** The opposite movement a reversal makes. */
    record ReversalTerms(String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo,
                         Instant reversedCountedAt) {
    }
}
