package io.ledger.command;

import io.ledger.command.account.AccountModule;
import io.ledger.command.payment.PaymentModule;
import io.ledger.command.payment.SettlementSettings;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import java.time.Duration;
import java.util.List;

/**
 * The whole command side (both aggregates, the reversal handler, the saga) wired as in production
 * but in memory, with the saga on a subscribing processor so each command returns only once every
 * step it caused has run. Lets tests drive real command sequences and read the resulting events.
 */
public final class InMemoryLedger implements AutoCloseable {

    private final Configuration config;
    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();

    public InMemoryLedger() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> storage)
                .registerComponent(SettlementSettings.class, c -> new SettlementSettings(Duration.ofHours(1)))
                .registerComponent(DeadlineManager.class, c -> SimpleDeadlineManager.builder()
                        .scopeAwareProvider(new ConfigurationScopeAwareProvider(c)).build());
        AccountModule.configure(configurer);
        PaymentModule.configure(configurer);
        configurer.eventProcessing()
                .usingSubscribingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        config = configurer.start();
    }

    public <R> R send(Object command) {
        return config.commandGateway().sendAndWait(command);
    }

    public List<? extends EventMessage<?>> events() {
        return storage.readEvents(null, false).toList();
    }

    @Override
    public void close() {
        config.shutdown();
    }
}
