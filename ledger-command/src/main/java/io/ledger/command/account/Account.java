package io.ledger.command.account;

import io.ledger.messages.account.AccountClosedEvent;
import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.account.AccountOpenedEvent;
import io.ledger.messages.account.AccountStatus;
import io.ledger.messages.account.AccountType;
import io.ledger.messages.account.AccountUnfrozenEvent;
import io.ledger.messages.account.CloseAccountCommand;
import io.ledger.messages.account.CreditPostedEvent;
import io.ledger.messages.account.CreditReleasedEvent;
import io.ledger.messages.account.CreditReservationRejectedEvent;
import io.ledger.messages.account.CreditReservedEvent;
import io.ledger.messages.account.DebitPostedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.DebitReservationRejectedEvent;
import io.ledger.messages.account.DebitReservedEvent;
import io.ledger.messages.account.Direction;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.OpenAccountCommand;
import io.ledger.messages.account.PostCreditCommand;
import io.ledger.messages.account.PostDebitCommand;
import io.ledger.messages.account.ReleaseCreditCommand;
import io.ledger.messages.account.ReleaseDebitCommand;
import io.ledger.messages.account.ReservationOutcome;
import io.ledger.messages.account.ReserveCreditCommand;
import io.ledger.messages.account.ReserveDebitCommand;
import io.ledger.messages.account.UnfreezeAccountCommand;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.Money;
import io.ledger.messages.common.RejectionReason;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One account's balances and holds. Command handlers decide; event sourcing handlers only assign.
 *
 * <p>Guarantees: posted, pendingDebits and pendingCredits change only through holds keyed by payment
 * id; a payment holds at most one debit and one credit here; an existing hold always posts or releases,
 * whatever the account's status, so a payment that got both holds can always settle.
 */
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
        apply(new AccountOpenedEvent(command.accountId(), command.ownerId(), limit.currency(), command.type(), limit));
    }

    @CommandHandler
    void handle(FreezeAccountCommand command) {
        requireNotClosed();
        if (status == AccountStatus.FROZEN) {
            throw new LedgerException(ErrorCode.ACCOUNT_FROZEN, "account " + accountId + " is already frozen");
        }
        apply(new AccountFrozenEvent(accountId, command.reason()));
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

    @CommandHandler
    ReservationOutcome handle(ReserveDebitCommand command) {
        requireNoHold(command.paymentId(), Direction.DEBIT);
        Optional<RejectionReason> refusal = ReservationPolicy.firstRefusal(this.snapshot(), Direction.DEBIT, command.amount());
        if (refusal.isPresent()) {
            apply(new DebitReservationRejectedEvent(accountId, command.paymentId(), command.amount(), refusal.get()));
            return ReservationOutcome.refused(refusal.get());
        }
        apply(new DebitReservedEvent(accountId, command.paymentId(), command.amount()));
        return ReservationOutcome.reserved();
    }

    @CommandHandler
    ReservationOutcome handle(ReserveCreditCommand command) {
        requireNoHold(command.paymentId(), Direction.CREDIT);
        Optional<RejectionReason> refusal = ReservationPolicy.firstRefusal(this.snapshot(), Direction.CREDIT, command.amount());
        if (refusal.isPresent()) {
            apply(new CreditReservationRejectedEvent(accountId, command.paymentId(), command.amount(), refusal.get()));
            return ReservationOutcome.refused(refusal.get());
        }
        apply(new CreditReservedEvent(accountId, command.paymentId(), command.amount()));
        return ReservationOutcome.reserved();
    }

    @CommandHandler
    void handle(PostDebitCommand command) {
        Hold hold = requireHold(command.paymentId(), Direction.DEBIT);
        apply(new DebitPostedEvent(accountId, command.paymentId(), hold.amount()));
    }

    @CommandHandler
    void handle(PostCreditCommand command) {
        Hold hold = requireHold(command.paymentId(), Direction.CREDIT);
        apply(new CreditPostedEvent(accountId, command.paymentId(), hold.amount()));
    }

    @CommandHandler
    void handle(ReleaseDebitCommand command) {
        Hold hold = requireHold(command.paymentId(), Direction.DEBIT);
        apply(new DebitReleasedEvent(accountId, command.paymentId(), hold.amount()));
    }

    @CommandHandler
    void handle(ReleaseCreditCommand command) {
        Hold hold = requireHold(command.paymentId(), Direction.CREDIT);
        apply(new CreditReleasedEvent(accountId, command.paymentId(), hold.amount()));
    }

    @EventSourcingHandler
    void on(AccountOpenedEvent event) {
        accountId = event.accountId();
        currency = event.currency();
        type = event.type();
        overdraftLimit = event.overdraftLimit().minorUnits();
        status = AccountStatus.ACTIVE;
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
    void on(DebitReservedEvent event) {
        holds.put(Hold.key(event.paymentId(), Direction.DEBIT), new Hold(Direction.DEBIT, event.amount()));
        pendingDebits = Math.addExact(pendingDebits, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(CreditReservedEvent event) {
        holds.put(Hold.key(event.paymentId(), Direction.CREDIT), new Hold(Direction.CREDIT, event.amount()));
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
        holds.remove(Hold.key(event.paymentId(), Direction.DEBIT));
        pendingDebits = Math.subtractExact(pendingDebits, event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(CreditReleasedEvent event) {
        holds.remove(Hold.key(event.paymentId(), Direction.CREDIT));
        pendingCredits = Math.subtractExact(pendingCredits, event.amount().minorUnits());
    }

    AccountState snapshot() {
        return new AccountState(status, type, currency, posted, pendingDebits, overdraftLimit);
    }

    private void requireNotClosed() {
        if (status == AccountStatus.CLOSED) {
            throw new LedgerException(ErrorCode.ACCOUNT_CLOSED, "account " + accountId + " is closed");
        }
    }

    private void requireNoHold(String paymentId, Direction direction) {
        if (holds.containsKey(Hold.key(paymentId, direction))) {
            throw new LedgerException(ErrorCode.HOLD_ALREADY_EXISTS,
                    "payment " + paymentId + " already holds a " + direction + " on " + accountId);
        }
    }

    private Hold requireHold(String paymentId, Direction direction) {
        Hold hold = holds.get(Hold.key(paymentId, direction));
        if (hold == null) {
            throw new LedgerException(ErrorCode.HOLD_NOT_FOUND,
                    "payment " + paymentId + " holds no " + direction + " on " + accountId);
        }
        return hold;
    }

    /** A hold a payment has on this account. */
    record Hold(Direction direction, Money amount) {
        static String key(String paymentId, Direction direction) {
            return direction.name() + ':' + paymentId;
        }
    }
}
