package io.ledger.command.payout;

import io.ledger.command.support.CachedCommandTargetResolver;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;

/**
 * Registers the payout aggregate and its saga. The saga keeps state between events for as long as the bank
 * takes, so it is stored in the configuration's saga store: the database's, under Spring (ADR 0017).
 */
public final class PayoutModule {

    /** The processing group (and so the event processor) that runs the payout saga. */
    public static final String SAGA_PROCESSING_GROUP = "PayoutSagaProcessor";

    private PayoutModule() {
    }

    public static void configure(Configurer configurer) {
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Payout.class)
                .configureCommandTargetResolver(c -> new CachedCommandTargetResolver()));
        configurer.eventProcessing().registerSaga(PayoutSaga.class);
    }
}
