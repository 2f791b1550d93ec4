package io.ledger.command.account;

import io.ledger.command.support.CachedCommandTargetResolver;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.lifecycle.Phase;

/**
 * Registers the account and owner-limits aggregates, and the owner give-backs, with an Axon configuration; they stay
 * package-private.
 */
public final class AccountModule {

    private AccountModule() {
    }

    /**
     * With a snapshot every {@code snapshotEvery} events and an aggregate cache. A SYSTEM account takes
     * an event for every payment it funds; without a snapshot each command would replay them all.
     */
    public static void configure(Configurer configurer, int snapshotEvery, Cache cache) {
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Account.class)
                .configureCommandTargetResolver(c -> new CachedCommandTargetResolver())
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        snapshotter(c, Account.class), snapshotEvery))
                .configureCache(c -> cache));
        // An owner's limits take an event for every payment of every account of the owner: snapshots and the cache
        // as an account's (ADR 0034). Their ids hold a colon, which no account id can, so they share the cache.
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(OwnerLimits.class)
                .configureCommandTargetResolver(c -> new CachedCommandTargetResolver())
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        snapshotter(c, OwnerLimits.class), snapshotEvery))
                .configureCache(c -> cache));
        configurer.registerCommandHandler(c -> new OwnerLimitsHandler(c.repository(Account.class),
                c.repository(OwnerLimits.class)));
        // What an account gives back to its limits, its owner's get back in the same unit of work: subscribed to the
        // event bus before anything is sent, so that no release is published without it.
        configurer.onInitialize(c -> c.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS,
                () -> c.eventBus().subscribe(new OwnerGiveBacks(c.commandGateway()))));
    }

    /**
     * A snapshotter that knows this aggregate. The framework's default (under Spring, one that looks
     * aggregates up among Spring beans) does not see aggregates registered here.
     */
    private static Snapshotter snapshotter(Configuration c, Class<?> aggregate) {
        return AggregateSnapshotter.builder()
                .eventStore(c.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(aggregate))
                .parameterResolverFactory(c.parameterResolverFactory())
                .handlerDefinition(c.handlerDefinition(aggregate))
                .transactionManager(c.getComponent(TransactionManager.class, NoTransactionManager::instance))
                .build();
    }
}
