package io.ledger.command.payment;

import org.axonframework.config.Configurer;

/**
 * Registers the payment aggregate, its reversal handler and the settlement saga with an Axon
 * configuration. The classes themselves stay package-private: nothing outside the command side
 * can call them, only send them messages.
 */
public final class PaymentModule {

    /** The processing group (and so the event processor) that runs the saga. */
    public static final String SAGA_PROCESSING_GROUP = "PaymentSagaProcessor";

    private PaymentModule() {
    }

    public static void configure(Configurer configurer) {
        configurer.configureAggregate(Payment.class);
        configurer.registerCommandHandler(config -> new PaymentReversalHandler(config.repository(Payment.class)));
        configurer.eventProcessing().registerSaga(PaymentSaga.class);
    }
}
