package io.ledger.command.account;

import io.ledger.messages.account.AccountClosedEvent;
import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.AccountDebitedEvent;
import io.ledger.messages.account.CheckCreditCommand;
import io.ledger.messages.account.CreditAccountCommand;
import io.ledger.messages.account.CreditRefusedEvent;
import io.ledger.messages.account.DebitAccountCommand;
import io.ledger.messages.account.DebitRefusedEvent;
import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.AccountLimitsSetEvent;
import io.ledger.messages.account.SetAccountLimitsCommand;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountUnfrozenEvent;
import io.ledger.messages.account.CloseAccountCommand;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.HoldCreditCommand;
import io.ledger.messages.account.HoldDebitCommand;
import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.AccountOwnerLimitsAssignedEvent;
import io.ledger.messages.account.LimitGiveBack;
import io.ledger.messages.account.OwnerGiveBack;
import io.ledger.messages.account.OwnerVerdict;
import io.ledger.messages.account.UnfreezeAccountCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import io.ledger.messages.risk.RiskDecidedEvent;
import io.ledger.messages.risk.RiskDecision;
import io.ledger.messages.risk.RiskOutcome;
import io.ledger.messages.risk.RiskRule;
import io.ledger.messages.risk.RiskRuleSet;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One account's balance. Command handlers decide; event sourcing handlers only assign.
 *
 * <p>A payment debits and credits directly (ADR 0013): the saga asks the creditor, then debits the
 * debtor, then credits the creditor, in one unit of work that holds both accounts until it commits,
 * so a credit that was accepted cannot be refused by the time it is posted. An authorization (a MANUAL
 * payment) holds instead (pendingDebits, pendingCredits) and later posts or releases its holds (ADR 0016);
 * an account that has a hold cannot close.
 *
 * <p>A customer's account counts what it pays out, hour by hour over the last 30 days ({@link OutgoingUsage}), so
 * its limits (issue 21) are checked in the same decision as its funds: under the account's lock, fifty concurrent
 * payments let through exactly what fits. A released hold (void, expiry) gives its amount back.
 */
// 2: openedAt, recentPayments, counterparties; 3: ownerLimitsKey (ADR 0034). A snapshot of an older revision is not
// used: the events are replayed.
@Revision("3")
class Account {

    @AggregateIdentifier
    private String accountId;
    private String currency;
    private AccountType type;
    private AccountStatus status;
    private long overdraftLimit;
    private long posted;
    private long pendingDebits;
    private long pendingCredits;
    private final Map<String, Hold> holds = new HashMap<>();
    private AccountLimits limits = AccountLimits.NONE;
    private final OutgoingUsage outgoing = new OutgoingUsage();
    /** When the account opened and when its last payments went out: facts its risk rules read (ADR 0026). */
    private Instant openedAt;
    private final ArrayDeque<Instant> recentPayments = new ArrayDeque<>();
    private final Counterparties counterparties = new Counterparties();
    /** The limits of this account's owner in its currency, which decide its debits too (ADR 0034); null: none. */
    private String ownerLimitsKey;

    /** Axon rebuilds the aggregate from its events through this constructor. */
    Account() {
    }

    @CommandHandler
    Account(OpenAccountCommand command) {
        Ids.requireAccountId(command.accountId());
        if (command.ownerId() == null || command.ownerId().isBlank()) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "ownerId is required");
        }
        if (command.type() == null) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "type is required");
        }
        Money limit = command.overdraftLimit();
        if (limit.minorUnits() < 0) {
            throw new LedgerException(ErrorCode.INVALID_AMOUNT, "overdraftLimit must not be negative");
        }
        if (command.ownerLimitsKey() != null && command.type().isBankPosition()) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "a " + command.type()
                    + " account is the bank's own position: its owner's limits do not apply");
        }
        apply(new AccountOpenedEvent(command.accountId(), command.ownerId(), limit.currency(), command.type(), limit));
        if (command.ownerLimitsKey() != null) {
            // Applied from the command: the state is assigned once the constructor is done.
            apply(new AccountOwnerLimitsAssignedEvent(command.accountId(), command.ownerLimitsKey()));
        }
    }

    /**
     * From now on the owner's limits decide this account's debits too (ADR 0034): sent by the back office's setting of
     * them (OwnerLimitsHandler, in the same transaction) and by an opening for an owner that has them. Again with the
     * same key, nothing; a closed account pays nothing more and is left as it is.
     */
    void assignOwnerLimits(String ownerKey, String ownerCurrency) {
        if (type.isBankPosition() || !currency.equals(ownerCurrency)) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "account " + accountId
                    + " is not a customer account in " + ownerCurrency + ": its owner's limits there do not apply");
        }
        if (status != AccountStatus.CLOSED && !ownerKey.equals(ownerLimitsKey)) {
            apply(new AccountOwnerLimitsAssignedEvent(accountId, ownerKey));
        }
    }

    /** Whose limits decide this account's debits besides its own: what a settlement batch locks after the accounts. */
    String ownerLimitsKey() {
        return ownerLimitsKey;
    }

    @CommandHandler
    void handle(FreezeAccountCommand command) {
        requireNotClosed();
        if (status == AccountStatus.FROZEN) {
            throw new LedgerException(ErrorCode.ACCOUNT_FROZEN, "account " + accountId + " is already frozen");
        }
        apply(new AccountFrozenEvent(accountId, command.reason()));
    }

    /** The back office replaces the account's limits; they apply to the payments decided from now on. */
    @CommandHandler
    void handle(SetAccountLimitsCommand command) {
        requireNotClosed();
        AccountLimits next = command.limits() == null ? AccountLimits.NONE : command.limits();
        if (type.isBankPosition() && !next.none()) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED,
                    "a " + type + " account is the bank's own position: it takes no limits");
        }
        next.requireValidFor(currency);
        apply(new AccountLimitsSetEvent(accountId, next));
    }

    @CommandHandler
    void handle(UnfreezeAccountCommand command) {
        requireNotClosed();
        if (status != AccountStatus.FROZEN) {
            throw new LedgerException(ErrorCode.ACCOUNT_NOT_FROZEN, "account " + accountId + " is not frozen");
        }
        apply(new AccountUnfrozenEvent(accountId));
    }

    @CommandHandler
    void handle(CloseAccountCommand command) {
        requireNotClosed();
        if (posted != 0 || !holds.isEmpty()) {
            throw new LedgerException(ErrorCode.ACCOUNT_NOT_EMPTY,
                    "an account closes only with zero posted balance and no pending holds");
        }
        apply(new AccountClosedEvent(accountId));
    }

    /**
     * Answers whether a credit would be posted. An acceptance records nothing: the credit that follows
     * in the same unit of work is recorded, and its append fails if this copy of the account was stale.
     * A refusal is recorded for the same reason: an event is how a decision taken on a stale cached copy
     * (another instance changed the account) is caught, rolled back and retried (ADR 0013).
     */
    @CommandHandler
    PostingOutcome handle(CheckCreditCommand command) {
        PostingOutcome outcome = outcome(Direction.CREDIT, command.amount());
        if (!outcome.isAccepted()) {
            apply(new CreditRefusedEvent(accountId, command.paymentId(), command.amount(), outcome.refusal()));
        }
        return outcome;
    }

    @CommandHandler
    PostingOutcome handle(DebitAccountCommand command) {
        return debit(command.paymentId(), command.amount(), command.creditorAccountId(), null, command.riskRules(),
                command.owner(),
                new AccountDebitedEvent(accountId, command.paymentId(), command.amount(), command.creditorAccountId()));
    }

    /**
     * Refused with an exception: the saga asked {@link CheckCreditCommand} first, under the same lock. A reversal's
     * credit gives the reversed payment back to the owner's limits too, when the owner has them (ADR 0034: what the
     * owner counted, or was seeded with when its limits were set).
     */
    @CommandHandler
    void handle(CreditAccountCommand command) {
        requireCreditAccepted(command.paymentId(), command.amount());
        LimitGiveBack givesBack = command.givesBack();
        if (givesBack != null && givesBack.ownerKey() == null && ownerLimitsKey != null) {
            givesBack = new LimitGiveBack(givesBack.reversedPaymentId(), givesBack.countedAt(), ownerLimitsKey);
        }
        apply(new AccountCreditedEvent(accountId, command.paymentId(), command.amount(), givesBack));
    }

    /**
     * An authorization's hold on the debtor: decided by the same rules as a debit (funds against the
     * available balance, which the hold then lowers), recorded as DebitReservedEvent or DebitRefusedEvent.
     */
    @CommandHandler
    PostingOutcome handle(HoldDebitCommand command) {
        requireNoHold(command.paymentId(), Direction.DEBIT);
        return debit(command.paymentId(), command.amount(), command.creditorAccountId(), command.beneficiaryIban(),
                command.riskRules(), command.owner(), new DebitReservedEvent(accountId, command.paymentId(), command.amount(),
                        command.creditorAccountId(), ownerLimitsKey));
    }

    /** An authorization's pending credit; refused with an exception, as a credit is, after an accepted check. */
    @CommandHandler
    void handle(HoldCreditCommand command) {
        requireNoHold(command.paymentId(), Direction.CREDIT);
        requireCreditAccepted(command.paymentId(), command.amount());
        apply(new CreditReservedEvent(accountId, command.paymentId(), command.amount()));
    }

    /**
     * A capture: posts amount of the hold and releases the rest, the release first, so the statement line
     * ends POSTED with the captured amount. A hold was taken under the account's rules, and a frozen or
     * closed account still owes what it authorized, so posting it is not refused.
     */
    @CommandHandler
    void handle(PostHoldCommand command) {
        Hold hold = holds.get(Hold.key(command.paymentId(), command.direction()));
        if (hold == null) {
            throw new LedgerException(ErrorCode.HOLD_NOT_FOUND,
                    "account " + accountId + " holds nothing for payment " + command.paymentId());
        }
        long rest = Math.subtractExact(hold.amount().minorUnits(), command.amount().minorUnits());
        if (rest < 0 || !command.amount().isPositive() || !command.amount().currency().equals(currency)) {
            throw new LedgerException(ErrorCode.CAPTURE_EXCEEDS_AUTHORIZATION, "account " + accountId
                    + " holds " + hold.amount() + " for payment " + command.paymentId() + ", not " + command.amount());
        }
        if (rest > 0) {
            Money released = Money.ofMinor(rest, currency);
            apply(command.direction() == Direction.DEBIT
                    ? new DebitReleasedEvent(accountId, command.paymentId(), released, hold.owedToOwner(false))
                    : new CreditReleasedEvent(accountId, command.paymentId(), released));
        }
        apply(command.direction() == Direction.DEBIT
                ? new DebitPostedEvent(accountId, command.paymentId(), command.amount())
                : new CreditPostedEvent(accountId, command.paymentId(), command.amount()));
    }

    /** A void or an expiry. A hold already gone (released or posted before) is left as it is: nothing twice. */
    @CommandHandler
    void handle(ReleaseHoldCommand command) {
        Hold hold = holds.get(Hold.key(command.paymentId(), command.direction()));
        if (hold == null) {
            return;
        }
        apply(command.direction() == Direction.DEBIT
                ? new DebitReleasedEvent(accountId, command.paymentId(), hold.amount(), hold.owedToOwner(true))
                : new CreditReleasedEvent(accountId, command.paymentId(), hold.amount()));
    }

    private void requireNoHold(String paymentId, Direction direction) {
        if (holds.containsKey(Hold.key(paymentId, direction))) {
            throw new LedgerException(ErrorCode.HOLD_ALREADY_EXISTS,
                    "account " + accountId + " already holds " + direction + " for payment " + paymentId);
        }
    }

    /**
     * A debit or a debit hold: the debit rules decide; the decision is recorded either way (ADR 0013). A debit they
     * allow is then judged by the risk rules the payment arrived under (ADR 0026), on this account's own facts and
     * under its lock: a match is recorded with what it saw, REVIEW holds the funds instead of posting them, DENY
     * refuses. A bank position pays out for the bank, not a customer: no risk rule applies to it. owner: what the
     * debtor's owner said of the payment (ADR 0034), counted among the account's limits; asked for first (nothing
     * recorded) when the owner has limits and the command came without it.
     */
    private PostingOutcome debit(String paymentId, Money amount, String creditorAccountId, String beneficiaryIban,
                                 RiskRuleSet riskRules, OwnerVerdict owner, Object whenAccepted) {
        if (ownerLimitsKey != null && (owner == null || !ownerLimitsKey.equals(owner.ownerKey()))) {
            // Not decided without the owner's verdict: nothing is recorded, the settlement asks and comes back.
            return PostingOutcome.askOwnerFirst(ownerLimitsKey);
        }
        AccountLimits typeLimits = riskRules == null || type.isBankPosition() ? AccountLimits.NONE
                : riskRules.limitsFor(type, currency);
        PostingOutcome outcome = PostingPolicy.firstRefusal(snapshot(typeLimits, owner == null || owner.within()),
                        Direction.DEBIT, amount)
                .map(PostingOutcome::refused)
                .orElse(PostingOutcome.accepted());
        if (outcome.isAccepted() && riskRules != null && !riskRules.rules().isEmpty() && !type.isBankPosition()) {
            Instant now = GenericEventMessage.clock.instant();
            RiskDecision decision = RiskPolicy.decide(riskRules, new RiskPolicy.Facts(amount, creditorAccountId, now,
                    openedAt, List.copyOf(recentPayments),
                    openedAt == null ? 0 : outgoing.amountSince(OutgoingUsage.hourOf(openedAt)),
                    creditorAccountId != null && !counterparties.knows(creditorAccountId), beneficiaryIban));
            outcome = PostingOutcome.judged(decision);
            if (decision.outcome() != RiskOutcome.ALLOW) {
                apply(new RiskDecidedEvent(accountId, paymentId, amount, decision));
            }
            if (outcome.heldForReview()) {
                apply(new DebitReservedEvent(accountId, paymentId, amount, creditorAccountId, ownerLimitsKey));
                return outcome;
            }
        }
        apply(outcome.isAccepted() ? whenAccepted : new DebitRefusedEvent(accountId, paymentId, amount, outcome.refusal()));
        return outcome;
    }

    private void requireCreditAccepted(String paymentId, Money amount) {
        Optional<RejectionReason> refusal = PostingPolicy.firstRefusal(snapshot(), Direction.CREDIT, amount);
        if (refusal.isPresent()) {
            throw new LedgerException(ErrorCode.valueOf(refusal.get().name()),
                    "account " + accountId + " refuses the credit of payment " + paymentId + ": " + refusal.get());
        }
    }

    private PostingOutcome outcome(Direction direction, Money amount) {
        return PostingPolicy.firstRefusal(snapshot(), direction, amount)
                .map(PostingOutcome::refused)
                .orElse(PostingOutcome.accepted());
    }

    @EventSourcingHandler
    void on(AccountOpenedEvent event, @Timestamp Instant at) {
        accountId = event.accountId();
        openedAt = at;
        currency = event.currency();
        type = event.type();
        overdraftLimit = event.overdraftLimit().minorUnits();
        status = AccountStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(AccountOwnerLimitsAssignedEvent event) {
        ownerLimitsKey = event.ownerKey();
    }

    @EventSourcingHandler
    void on(AccountLimitsSetEvent event) {
        limits = event.limits() == null ? AccountLimits.NONE : event.limits();
    }

    @EventSourcingHandler
    void on(AccountFrozenEvent event) {
        status = AccountStatus.FROZEN;
    }

    @EventSourcingHandler
    void on(AccountUnfrozenEvent event) {
        status = AccountStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(AccountClosedEvent event) {
        status = AccountStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(AccountDebitedEvent event, @Timestamp Instant at) {
        posted = Math.subtractExact(posted, event.amount().minorUnits());
        if (!type.isBankPosition()) {
            outgoing.add(OutgoingUsage.hourOf(at), event.amount().minorUnits());
            paidOut(at, event.counterparty());
        }
    }

    @EventSourcingHandler
    void on(AccountCreditedEvent event) {
        posted = Math.addExact(posted, event.amount().minorUnits());
        if (event.givesBack() != null && !type.isBankPosition()) {
            // A reversal of a payment this account made: it no longer counts against the windows it was counted in.
            outgoing.giveBack(OutgoingUsage.hourOf(event.givesBack().countedAt()), event.amount().minorUnits(), true);
        }
    }

    // Holds: an authorization's (ADR 0016), and those written by versions before ADR 0013.

    @EventSourcingHandler
    void on(DebitReservedEvent event, @Timestamp Instant at) {
        long hour = OutgoingUsage.hourOf(at);
        holds.put(Hold.key(event.paymentId(), Direction.DEBIT),
                new Hold(Direction.DEBIT, event.amount(), hour, event.ownerKey()));
        if (!type.isBankPosition()) {
            outgoing.add(hour, event.amount().minorUnits());
            paidOut(at, event.counterparty());
        }
        pendingDebits = Math.addExact(pendingDebits, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(CreditReservedEvent event) {
        holds.put(Hold.key(event.paymentId(), Direction.CREDIT), new Hold(Direction.CREDIT, event.amount(), 0, null));
        pendingCredits = Math.addExact(pendingCredits, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(DebitPostedEvent event) {
        holds.remove(Hold.key(event.paymentId(), Direction.DEBIT));
        pendingDebits = Math.subtractExact(pendingDebits, event.amount().minorUnits());
        posted = Math.subtractExact(posted, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(CreditPostedEvent event) {
        holds.remove(Hold.key(event.paymentId(), Direction.CREDIT));
        pendingCredits = Math.subtractExact(pendingCredits, event.amount().minorUnits());
        posted = Math.addExact(posted, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(DebitReleasedEvent event) {
        Hold hold = holds.remove(Hold.key(event.paymentId(), Direction.DEBIT));
        if (hold != null && !type.isBankPosition()) {
            // A void or expiry releases the whole hold: amount and payment back. A capture of less releases the rest
            // first (the payment still counts, for what it captures).
            boolean whole = hold.amount().minorUnits() == event.amount().minorUnits();
            outgoing.giveBack(hold.hour(), event.amount().minorUnits(), whole);
        }
        pendingDebits = Math.subtractExact(pendingDebits, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(CreditReleasedEvent event) {
        holds.remove(Hold.key(event.paymentId(), Direction.CREDIT));
        pendingCredits = Math.subtractExact(pendingCredits, event.amount().minorUnits());
    }

    /**
     * Remembers when a payment went out, for VELOCITY rules (the last {@value RiskRule#MAX_VELOCITY_COUNT}), and to
     * whom, for NEW_COUNTERPARTY_OVER rules.
     */
    private void paidOut(Instant at, String counterparty) {
        if (counterparty != null) {
            counterparties.remember(counterparty);
        }
        recentPayments.addLast(at);
        while (recentPayments.size() > RiskRule.MAX_VELOCITY_COUNT) {
            recentPayments.removeFirst();
        }
    }

    AccountState snapshot() {
        return snapshot(AccountLimits.NONE, true);
    }

    /**
     * The state the posting rules read, with the limits every account of this type has besides its own, and what the
     * debtor's owner said of the payment.
     */
    AccountState snapshot(AccountLimits typeLimits, boolean ownerWithin) {
        return new AccountState(status, type, currency, posted, pendingDebits, overdraftLimit, limits, typeLimits,
                limits.windows().isEmpty() && typeLimits.windows().isEmpty() ? OutgoingUsage.Used.NONE
                        : outgoing.used(OutgoingUsage.hourOf(GenericEventMessage.clock.instant())), ownerWithin);
    }

    private void requireNotClosed() {
        if (status == AccountStatus.CLOSED) {
            throw new LedgerException(ErrorCode.ACCOUNT_CLOSED, "account " + accountId + " is closed");
        }
    }

    /**
     * A hold a payment has on this account; a debit hold remembers the hour its amount was counted in, and the owner
     * that counted it too (ADR 0034), null when none did.
     */
    record Hold(Direction direction, Money amount, long hour, String ownerKey) {
        static String key(String paymentId, Direction direction) {
            return direction.name() + ':' + paymentId;
        }

        /** What releasing this hold gives back to its owner's limits; null when the owner did not count it. */
        OwnerGiveBack owedToOwner(boolean payment) {
            return ownerKey == null ? null : new OwnerGiveBack(ownerKey, OutgoingUsage.startOf(hour), payment);
        }
    }
}
