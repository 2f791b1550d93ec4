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

/** Registers the account aggregate with an Axon configuration; the aggregate stays package-private. */
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
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(snapshotter(c), snapshotEvery))
                .configureCache(c -> cache));
    }

    /**
     * A snapshotter that knows this aggregate. The framework's default (under Spring, one that looks
     * aggregates up among Spring beans) does not see aggregates registered here.
     */
    private static Snapshotter snapshotter(Configuration c) {
        return AggregateSnapshotter.builder()
                .eventStore(c.eventStore())
                .aggregateFactories(new GenericAggregateFactory<>(Account.class))
                .parameterResolverFactory(c.parameterResolverFactory())
                .handlerDefinition(c.handlerDefinition(Account.class))
                .transactionManager(c.getComponent(TransactionManager.class, NoTransactionManager::instance))
                .build();
    }
}
