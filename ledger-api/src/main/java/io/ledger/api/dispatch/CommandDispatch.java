package io.ledger.api.dispatch;

import io.ledger.api.risk.RiskRuleSets;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.PaymentReceipt;
import io.ledger.messages.payment.RecallPaymentCommand;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.messages.payout.PayoutReceipt;
import io.ledger.messages.payout.RecallPayoutCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How the service sends a command, whichever lane it comes from (a request, a batch's or a file's dispatch): with the lineage
 * its messages carry, retried when it collided with another instance, and a payment's first command answered as a
 * replay when its payment already exists.
 */
@Component
public class CommandDispatch implements DisposableBean {

    /** Sent again at most twice: three attempts in all. */
    static final int RETRIES = 2;

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "command-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final CommandGateway commands;
    private final CommandGateway once;
    private final RiskRuleSets risk;

    /**
     * The lanes' own gateway, on the one command bus: a command is sent again (Axon's retry scheduler, at most
     * {@value #RETRIES} times) when its events collided with events another instance appended first — this instance
     * decided on a cached copy of the aggregate that another instance has since changed (ADR 0013); the failed attempt
     * stored nothing and dropped the cached copy, so the next one decides on the stored history. Nothing else is sent
     * again: a refusal is the answer. Sagas keep the plain gateway: their commands join the saga's transaction (ADR
     * 0003), where a resend from another thread has no place.
     */
    public CommandDispatch(CommandBus bus, RiskRuleSets risk) {
        this.commands = DefaultCommandGateway.builder().commandBus(bus)
                .retryScheduler(new CollisionRetry(IntervalRetryScheduler.builder()
                        .retryExecutor(retries).maxRetryCount(RETRIES).retryInterval(1)))
                .build();
        this.once = DefaultCommandGateway.builder().commandBus(bus).build();
        this.risk = risk;
    }

    /** Sends a command with its lineage; sent again only when it collided (see the constructor). */
    public <R> R send(Object command, MetaData lineage) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(lineage));
    }

    @Override
    public void destroy() {
        retries.shutdownNow();
    }

    /**
     * Axon's interval retry, with one change: only a collision is transient. Axon's own test also resends any failure
     * with no non-transient exception in its cause chain — a payment refused for insufficient funds among them.
     */
    static final class CollisionRetry extends IntervalRetryScheduler {

        CollisionRetry(IntervalRetryScheduler.Builder builder) {
            super(builder);
        }

        @Override
        protected boolean isExplicitlyNonTransient(Throwable failure) {
            return !(failure instanceof ConcurrencyException);
        }
    }

    /**
     * Starts a payment, or answers with the one already started: the id is derived from caller and key, so this
     * request (or a concurrent twin on any instance that committed first, or the same key on the other lane)
     * already created it (ADR 0005). The recall compares the requests and refuses a different one.
     */
    public PaymentReceipt initiate(InitiatePaymentCommand command, MetaData lineage) {
        try {
            return send(judged(command), lineage);
        } catch (AggregateStreamCreationException alreadyStored) {
            return send(new RecallPaymentCommand(command.paymentId(), command.requestFingerprint()), lineage);
        }
    }

    /** Starts a payout, or answers with the one already started, as {@link #initiate} does for a payment. */
    public PayoutReceipt initiatePayout(InitiatePayoutCommand command, MetaData lineage) {
        try {
            return send(judged(command), lineage);
        } catch (AggregateStreamCreationException alreadyStored) {
            return send(new RecallPayoutCommand(command.payoutId(), command.requestFingerprint()), lineage);
        }
    }

    /**
     * Starts a payment inside the caller's unit of work, which holds its events until it commits: a batch's chunk sent
     * together (PaymentBatchRunner). Not sent again and not recalled here: a collision (a payment already stored,
     * another instance's events) shows only when the caller's unit of work commits, and the caller then sends each
     * item on its own with {@link #initiate}.
     */
    public PaymentReceipt initiateWithin(InitiatePaymentCommand command, MetaData lineage) {
        return once(judged(command), lineage);
    }

    /** Starts a payout inside the caller's unit of work, as {@link #initiateWithin} does a payment. */
    public PayoutReceipt initiatePayoutWithin(InitiatePayoutCommand command, MetaData lineage) {
        return once(judged(command), lineage);
    }

    private <R> R once(Object command, MetaData lineage) {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("a command sent within a unit of work needs the caller's unit of work");
        }
        return once.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(lineage));
    }

    /** Judged by the risk rules in force now, whenever its decision is taken (ADR 0026), unless judged already. */
    private InitiatePaymentCommand judged(InitiatePaymentCommand command) {
        return command.ruleSetVersion() == null ? command.judgedBy(risk.current()) : command;
    }

    private InitiatePayoutCommand judged(InitiatePayoutCommand command) {
        return command.ruleSetVersion() == null ? command.judgedBy(risk.current()) : command;
    }
}
