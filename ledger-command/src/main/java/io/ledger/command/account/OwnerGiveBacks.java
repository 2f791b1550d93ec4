package io.ledger.command.account;

import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.GiveBackOwnerUsageCommand;
import io.ledger.messages.account.LimitGiveBack;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;

import java.util.List;
import java.util.function.Consumer;

/**
 * Gives back to an owner's limits what the owner's account gave back to its own (ADR 0034): a released debit hold
 * (a void, an expiry, a declined review, a failed payout, the rest of a partial capture) and a reversal's credit.
 * The account decides what it gives back and says so on its event; this only forwards it.
 *
 * <p>Subscribed to the event bus itself, which hands it the events of a unit of work as that unit of work prepares to
 * commit: the owner's usage changes in the same transaction as the account's, and a failure here fails the release
 * (nothing half-written). Not an event processor: a processor would wrap every event the ledger publishes — four a
 * payment — in a unit of work, a transaction and its metrics, to find the rare one that gives something back.
 */
final class OwnerGiveBacks implements Consumer<List<? extends EventMessage<?>>> {

    private final CommandGateway commands;

    OwnerGiveBacks(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public void accept(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            Object payload = event.getPayload();
            if (payload instanceof DebitReleasedEvent released && released.owner() != null) {
                commands.sendAndWait(new GiveBackOwnerUsageCommand(released.owner().ownerKey(), released.paymentId(),
                        released.amount(), released.owner().countedAt(), released.owner().payment()));
            } else if (payload instanceof AccountCreditedEvent credited && credited.givesBack() != null) {
                LimitGiveBack reversed = credited.givesBack();
                if (reversed.ownerKey() != null && reversed.countedAt() != null) {
                    commands.sendAndWait(new GiveBackOwnerUsageCommand(reversed.ownerKey(),
                            reversed.reversedPaymentId(), credited.amount(), reversed.countedAt(), true));
                }
            }
        }
    }
}
