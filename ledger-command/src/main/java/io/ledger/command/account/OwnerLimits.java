package io.ledger.command.account;

import io.ledger.messages.account.AccountLimits;
import io.ledger.messages.account.CheckOwnerLimitsCommand;
import io.ledger.messages.account.CountOwnerUsageCommand;
import io.ledger.messages.account.GiveBackOwnerUsageCommand;
import io.ledger.messages.account.OwnerLimitRefusedEvent;
import io.ledger.messages.account.OwnerLimitsKey;
import io.ledger.messages.account.OwnerLimitsSetEvent;
import io.ledger.messages.account.OwnerUsageCountedEvent;
import io.ledger.messages.account.OwnerUsageGivenBackEvent;
import io.ledger.messages.account.OwnerUsageSeededEvent;
import io.ledger.messages.account.OwnerVerdict;
import io.ledger.messages.account.SetOwnerLimitsCommand;
import io.ledger.messages.account.UsedHour;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.time.Instant;
import java.util.Comparator;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An owner's limits in one currency and what all the owner's accounts in it paid out, hour by hour over the last 30
 * days (ADR 0034): the one place concurrent payments from the owner's several accounts meet. The settlement asks it
 * when the debtor asks for its verdict ({@link CheckOwnerLimitsCommand}), and counts the payment after the debtor
 * accepted it,
 * in the same unit of work and so under the same lock ({@link CountOwnerUsageCommand}); the debtor's releases and a
 * reversal's credit give back here what they give back to the account ({@link OwnerGiveBacks}).
 */
class OwnerLimits {

    @AggregateIdentifier
    private String ownerKey;
    private String currency;
    private AccountLimits limits = AccountLimits.NONE;
    private final OutgoingUsage outgoing = new OutgoingUsage();

    /** Axon rebuilds the aggregate from its events through this constructor; the handler creates one with it. */
    OwnerLimits() {
    }

    /**
     * The back office replaces the owner's limits; the first time, with what the owner's accounts paid out so far.
     * Called by {@link OwnerLimitsHandler}, which tells the owner's accounts in the same unit of work.
     */
    void set(SetOwnerLimitsCommand command) {
        if (!OwnerLimitsKey.is(command.ownerKey()) || command.currency() == null) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "an owner's limits are named by owner and currency");
        }
        boolean first = ownerKey == null;
        if (!first && !currency.equals(command.currency())) {
            throw new LedgerException(ErrorCode.CURRENCY_MISMATCH, "these limits are in " + currency);
        }
        AccountLimits next = command.limits() == null ? AccountLimits.NONE : command.limits();
        next.requireValidFor(command.currency());
        apply(new OwnerLimitsSetEvent(command.ownerKey(), command.ownerId(), command.currency(), next));
        if (first && command.seed() != null && !command.seed().isEmpty()) {
            apply(new OwnerUsageSeededEvent(command.ownerKey(), command.seed().stream()
                    .filter(hour -> hour.amount().currency().equals(command.currency()))
                    .sorted(Comparator.comparing(UsedHour::hour)).toList()));
        }
    }

    /** Whether one more payment of amount fits; a refusal is recorded (a stale copy's refusal then fails to append). */
    @CommandHandler
    OwnerVerdict handle(CheckOwnerLimitsCommand command) {
        boolean within = command.amount().currency().equals(currency) && outgoing
                .used(OutgoingUsage.hourOf(GenericEventMessage.clock.instant())).allow(limits, command.amount());
        if (!within) {
            apply(new OwnerLimitRefusedEvent(ownerKey, command.paymentId(), command.amount()));
        }
        return new OwnerVerdict(ownerKey, within);
    }

    @CommandHandler
    void handle(CountOwnerUsageCommand command) {
        apply(new OwnerUsageCountedEvent(ownerKey, command.paymentId(), command.amount()));
    }

    @CommandHandler
    void handle(GiveBackOwnerUsageCommand command) {
        apply(new OwnerUsageGivenBackEvent(ownerKey, command.paymentId(), command.amount(), command.countedAt(),
                command.payment()));
    }

    @EventSourcingHandler
    void on(OwnerLimitsSetEvent event) {
        ownerKey = event.ownerKey();
        currency = event.currency();
        limits = event.limits() == null ? AccountLimits.NONE : event.limits();
    }

    @EventSourcingHandler
    void on(OwnerUsageSeededEvent event) {
        for (UsedHour hour : event.hours()) {
            outgoing.add(OutgoingUsage.hourOf(hour.hour()), hour.amount().minorUnits(), hour.count());
        }
    }

    @EventSourcingHandler
    void on(OwnerUsageCountedEvent event, @Timestamp Instant at) {
        outgoing.add(OutgoingUsage.hourOf(at), event.amount().minorUnits());
    }

    @EventSourcingHandler
    void on(OwnerUsageGivenBackEvent event) {
        outgoing.giveBack(OutgoingUsage.hourOf(event.countedAt()), event.amount().minorUnits(), event.payment());
    }
}
