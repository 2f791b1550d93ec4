package io.ledger.command;

import io.ledger.command.risk.RiskRules;
import io.ledger.command.account.AccountModule;
import io.ledger.command.payment.PaymentModule;
import io.ledger.command.payout.PayoutModule;
import io.ledger.command.payout.PayoutSettings;
import io.ledger.command.payment.SettlementSettings;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.common.caching.NoCache;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The whole command side (the aggregates, the reversal and authorization handlers, both sagas) wired as in production
 * but in memory, with the saga on a subscribing processor so each command returns only once every
 * step it caused has run. Lets tests drive real command sequences and read the resulting events.
 */
public final class InMemoryLedger implements AutoCloseable {

    /** How long the bank has to answer a payout before it is OVERDUE. */
    public static final Duration ANSWER_WITHIN = Duration.ofHours(24);

    private final Configuration config;
    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    /** Deadlines fire when the test moves their clock ({@link #advanceTo}), not in real time. */
    private final StubDeadlineManager deadlines = new StubDeadlineManager(Instant.now());
    /** The risk rules published so far; none until a test publishes some. */
    private final PublishedRiskRules risk = new PublishedRiskRules();

    public InMemoryLedger() {
        Configurer configurer = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> storage)
                .registerComponent(SettlementSettings.class, c -> new SettlementSettings(Duration.ofHours(1)))
                .registerComponent(PayoutSettings.class, c -> new PayoutSettings(ANSWER_WITHIN))
                .registerComponent(DeadlineManager.class, c -> deadlines)
                .registerComponent(RiskRules.class, c -> risk);
        // The service's registration, with no snapshot and no cache: every command loads its aggregate by replay.
        AccountModule.configure(configurer, Integer.MAX_VALUE, NoCache.INSTANCE);
        PaymentModule.configure(configurer, NoCache.INSTANCE);
        PayoutModule.configure(configurer);
        configurer.eventProcessing()
                .usingSubscribingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        config = configurer.start();
    }

    /** The risk rules payments are judged by; a payment is stamped with {@link PublishedRiskRules#current()}. */
    public PublishedRiskRules risk() {
        return risk;
    }

    public <R> R send(Object command) {
        return config.commandGateway().sendAndWait(command);
    }

    /** Moves the deadlines' clock to time, firing every deadline due by then, each in its own unit of work. */
    public void advanceTo(Instant time) {
        ConfigurationScopeAwareProvider scopes = new ConfigurationScopeAwareProvider(config);
        deadlines.advanceTimeTo(time, (scope, message) -> DefaultUnitOfWork.startAndGet(message).execute(() ->
                scopes.provideScopeAwareStream(scope).filter(aware -> aware.canResolve(scope)).forEach(aware -> {
                    try {
                        aware.send(message, scope);
                    } catch (Exception e) {
                        throw new IllegalStateException("deadline " + message.getDeadlineName() + " failed", e);
                    }
                })));
    }

    public Instant now() {
        return deadlines.getCurrentDateTime();
    }

    public List<? extends EventMessage<?>> events() {
        return storage.readEvents(null, false).toList();
    }

    @Override
    public void close() {
        config.shutdown();
    }
}
