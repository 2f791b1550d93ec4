package io.ledger.command.support;

import io.ledger.messages.account.PostingOutcome;
import io.ledger.messages.common.RejectionReason;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/** What the sagas ask the accounts: a check, a debit or a hold answers accepted or the reason it was refused. */
public final class Postings {

    private Postings() {
    }

    /** Sends the command; answers the reason it was refused, or null when it was accepted. A missing account refuses. */
    public static RejectionReason refusal(CommandGateway commands, Object command) {
        return outcome(commands, command).refusal();
    }

    /** Sends the command; answers its outcome (a debit's may be held for review). A missing account refuses. */
    public static PostingOutcome outcome(CommandGateway commands, Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            return PostingOutcome.refused(RejectionReason.ACCOUNT_NOT_FOUND);
        }
    }
}
