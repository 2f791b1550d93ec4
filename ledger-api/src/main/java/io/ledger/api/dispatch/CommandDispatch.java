package io.ledger.api.dispatch;

import io.ledger.api.risk.RiskRuleSets;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.RecallPaymentCommand;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.PayoutReceipt;
import io.ledger.messages.payout.RecallPayoutCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * How the service sends a command, whichever lane it comes from (a request, a batch's or a file's dispatch): with the lineage
 * its messages carry, retried when it collided with another instance, and a payment's first command answered as a
 * replay when its payment already exists.
 */
@Component
public class CommandDispatch {

    private static final int ATTEMPTS = 3;

    private final CommandGateway commands;
    private final RiskRuleSets risk;

    public CommandDispatch(CommandGateway commands, RiskRuleSets risk) {
        this.commands = commands;
        this.risk = risk;
    }

    /**
     * Sends a command, and sends it again (at most {@value #ATTEMPTS} times in all) when its events
     * collided with events another instance appended first: this instance decided on a cached copy of
     * the aggregate that another instance has since changed (ADR 0013). The failed attempt stored
     * nothing and dropped the cached copy, so the next one decides on the stored history.
     */
    public <R> R send(Object command, MetaData lineage) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(lineage));
            } catch (ConcurrencyException collided) {
                if (attempt == ATTEMPTS) {
                    throw collided;
                }
            }
        }
    }

    /**
     * Starts a payment, or answers with the one already started: the id is derived from caller and key, so this
     * request (or a concurrent twin on any instance that committed first, or the same key on the other lane)
     * already created it (ADR 0005). The recall compares the requests and refuses a different one.
     */
    public PaymentReceipt initiate(InitiatePaymentCommand command, MetaData lineage) {
        try {
            // Judged by the risk rules in force now, whenever its decision is taken (ADR 0026).
            return send(command.ruleSetVersion() == null ? command.judgedBy(risk.current()) : command, lineage);
        } catch (AggregateStreamCreationException alreadyStored) {
            return send(new RecallPaymentCommand(command.paymentId(), command.requestFingerprint()), lineage);
        }
    }

    /** Starts a payout, or answers with the one already started, as {@link #initiate} does for a payment. */
    public PayoutReceipt initiatePayout(InitiatePayoutCommand command, MetaData lineage) {
        try {
            return send(command, lineage);
        } catch (AggregateStreamCreationException alreadyStored) {
            return send(new RecallPayoutCommand(command.payoutId(), command.requestFingerprint()), lineage);
        }
    }
}
