package io.ledger.command.payment;

import io.ledger.messages.account.PostHoldCommand;
import io.ledger.messages.account.ReleaseHoldCommand;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;

import java.util.ArrayList;
import java.util.List;

/**
 * A gateway that records the hold commands a payment's ending sends to its accounts instead of running them: the
 * payment fixtures check what is sent, the accounts' side is AccountTest's.
 */
final class RecordedAccountCommands {

    final List<Object> sent = new ArrayList<>();
    final CommandGateway gateway;

    RecordedAccountCommands() {
        SimpleCommandBus accounts = SimpleCommandBus.builder().build();
        for (Class<?> type : List.of(PostHoldCommand.class, ReleaseHoldCommand.class)) {
            accounts.subscribe(type.getName(), command -> {
                sent.add(command.getPayload());
                return null;
            });
        }
        gateway = DefaultCommandGateway.builder().commandBus(accounts).build();
    }
}
