package io.ledger.command.account;

import io.ledger.messages.account.AccountCreditedEvent;
import io.ledger.messages.account.DebitReleasedEvent;
import io.ledger.messages.account.GiveBackOwnerUsageCommand;
import io.ledger.messages.account.LimitGiveBack;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Gives back to an owner's limits what the owner's account gave back to its own (ADR 0034): a released debit hold
 * (a void, an expiry, a declined review, a failed payout, the rest of a partial capture) and a reversal's credit.
 * The account decides what it gives back and says so on its event; this only forwards it. Runs in a subscribing
 * processor, in the unit of work that released the hold: the owner's usage changes in the same transaction as the
 * account's, and a failure here fails the release (nothing half-written).
 */
@ProcessingGroup(OwnerGiveBacks.PROCESSING_GROUP)
final class OwnerGiveBacks {

    static final String PROCESSING_GROUP = "OwnerGiveBacks";

    private final CommandGateway commands;

    OwnerGiveBacks(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(DebitReleasedEvent event) {
        if (event.owner() != null) {
            commands.sendAndWait(new GiveBackOwnerUsageCommand(event.owner().ownerKey(), event.paymentId(),
                    event.amount(), event.owner().countedAt(), event.owner().payment()));
        }
    }

    @EventHandler
    void on(AccountCreditedEvent event) {
        LimitGiveBack reversed = event.givesBack();
        if (reversed != null && reversed.ownerKey() != null && reversed.countedAt() != null) {
            commands.sendAndWait(new GiveBackOwnerUsageCommand(reversed.ownerKey(), reversed.reversedPaymentId(),
                    event.amount(), reversed.countedAt(), true));
        }
    }
}
