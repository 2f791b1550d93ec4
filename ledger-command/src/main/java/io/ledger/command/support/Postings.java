package io.ledger.command.support;

import io.ledger.messages.account.CheckOwnerLimitsCommand;
import io.ledger.messages.account.CountOwnerUsageCommand;
import io.ledger.messages.account.DebitDecision;
import io.ledger.messages.account.OwnerVerdict;
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

    /**
     * Sends the command; answers its outcome (a debit's may be held for review). A missing account refuses. A debtor
     * whose owner has limits asks for the owner's verdict first (ADR 0034): the owner is asked, the debit or hold sent
     * again with its answer, and what the debtor then accepts (or holds for review) the owner counts — all in the
     * caller's unit of work, which keeps the owner's lock from the question to the commit.
     */
    public static PostingOutcome outcome(CommandGateway commands, Object command) {
        PostingOutcome outcome = send(commands, command);
        String owner = outcome.ownerToAsk();
        if (owner == null) {
            return outcome;
        }
        if (!(command instanceof DebitDecision debit)) {
            throw new IllegalStateException("only a debit or a debit hold asks for its owner's verdict");
        }
        OwnerVerdict verdict = commands.sendAndWait(new CheckOwnerLimitsCommand(owner, debit.paymentId(), debit.amount()));
        PostingOutcome decided = send(commands, debit.withOwner(verdict));
        if (decided.ownerToAsk() != null) {
            throw new IllegalStateException("the debtor asked for its owner's verdict twice");
        }
        if (decided.refusal() == null) {
            commands.sendAndWait(new CountOwnerUsageCommand(owner, debit.paymentId(), debit.amount()));
        }
        return decided;
    }

    private static PostingOutcome send(CommandGateway commands, Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            return PostingOutcome.refused(RejectionReason.ACCOUNT_NOT_FOUND);
        }
    }
}
