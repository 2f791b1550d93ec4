package io.ledger.command.account;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Locks a processor batch's accounts in one global order before the batch touches any (ADR 0018).
 *
 * <p>Axon holds every aggregate lock a unit of work took until it commits, and a processor's batch is one unit
 * of work: two segments settling in parallel would each gather account locks in the order their payments
 * happen to name them, and two batches that share two accounts deadlock. So on the first event of a batch this
 * interceptor loads every account the batch's events (those of its own segment) will touch, in ascending id
 * order, which takes and keeps their locks; the payments then run against accounts already held. Every batch
 * takes its locks in the same order, so none waits for a batch that waits for it. Other lock takers (a capture,
 * a void, an expiry) take their accounts in id order too.
 */
public final class AccountLocks implements MessageHandlerInterceptor<EventMessage<?>> {

    private final Configuration configuration;
    private final String processorName;
    private final BiFunction<EventMessage<?>, Segment, Collection<String>> accountsOf;

    /**
     * @param accountsOf the accounts an event will lock when this segment handles it; empty for events the
     *                   segment leaves to another (a saga's segment is its association value's)
     */
    public AccountLocks(Configuration configuration, String processorName,
                        BiFunction<EventMessage<?>, Segment, Collection<String>> accountsOf) {
        this.configuration = configuration;
        this.processorName = processorName;
        this.accountsOf = accountsOf;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isFirstMessage()) {
            Segment segment = segment(unitOfWork);
            Set<String> accounts = new TreeSet<>();
            for (Object message : batch.getMessages()) {
                accounts.addAll(accountsOf.apply((EventMessage<?>) message, segment));
            }
            Repository<Account> repository = configuration.repository(Account.class);
            Set<String> owners = new TreeSet<>();
            for (String accountId : accounts) {
                try {
                    String owner = repository.load(accountId).invoke(Account::ownerLimitsKey);
                    if (owner != null) {
                        owners.add(owner);
                    }
                } catch (AggregateNotFoundException notOpened) {
                    // The payment's own step finds it missing and rejects the payment.
                }
            }
            // Then the limits of the accounts' owners that have them (ADR 0034), in key order: every taker of both
            // takes accounts first.
            if (!owners.isEmpty()) {
                Repository<OwnerLimits> ownerLimits = configuration.repository(OwnerLimits.class);
                for (String owner : owners) {
                    ownerLimits.load(owner);
                }
            }
        }
        return chain.proceed();
    }

    /**
     * Sends two accounts' commands in account id order, the order every unit of work that holds two accounts
     * takes them in (captures, voids, expiries), so none waits for one that waits for it.
     */
    public static void inIdOrder(CommandGateway commands, String firstAccountId, Object firstCommand,
                                 String secondAccountId, Object secondCommand) {
        boolean inOrder = firstAccountId.compareTo(secondAccountId) < 0;
        commands.sendAndWait(inOrder ? firstCommand : secondCommand);
        commands.sendAndWait(inOrder ? secondCommand : firstCommand);
    }

    /** The segment this batch is processed for; the whole stream when the processor does not say. */
    private Segment segment(UnitOfWork<?> unitOfWork) {
        Integer segmentId = unitOfWork.getResource("Processor[" + processorName + "]/SegmentId");
        if (segmentId == null) {
            return Segment.ROOT_SEGMENT;
        }
        EventTrackerStatus status = configuration.eventProcessingConfiguration()
                .eventProcessor(processorName, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().get(segmentId))
                .orElse(null);
        return status == null ? Segment.ROOT_SEGMENT : status.getSegment();
    }
}
