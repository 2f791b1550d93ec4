package io.ledger.command.payment;

import io.ledger.command.account.AccountLocks;
import io.ledger.command.support.CachedCommandTargetResolver;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;
import org.axonframework.lifecycle.Phase;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;

import java.util.List;

/**
 * Registers the payment aggregate, its reversal and authorization handlers and the settlement saga with an Axon
 * configuration. The classes themselves stay package-private: nothing outside the command side
 * can call them, only send them messages.
 */
public final class PaymentModule {

    /** The processing group (and so the event processor) that runs the saga. */
    public static final String SAGA_PROCESSING_GROUP = "PaymentSagaProcessor";

    private PaymentModule() {
    }

    /**
     * With an aggregate cache: a payment is created by its request and settled by the saga moments
     * later; from the cache, settling it does not read the event store. Past that step it leaves the cache
     * ({@link RestingPaymentsLeaveTheCache}), subscribed before anything is sent.
     */
    public static void configure(Configurer configurer, Cache cache) {
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Payment.class)
                .configureCommandTargetResolver(c -> new CachedCommandTargetResolver())
                .configureCache(c -> cache));
        configurer.onInitialize(c -> c.onStart(Phase.LOCAL_MESSAGE_HANDLER_REGISTRATIONS,
                () -> c.eventBus().subscribe(new RestingPaymentsLeaveTheCache(cache))));
        registerHandlers(configurer);
    }

    private static void registerHandlers(Configurer configurer) {
        configurer.registerCommandHandler(config -> new PaymentReversalHandler(config.repository(Payment.class)));
        configurer.registerCommandHandler(config -> new AuthorizationHandler(config.repository(Payment.class),
                config.getComponent(CommandGateway.class)));
        configurer.registerCommandHandler(config -> new ReviewHandler(config.repository(Payment.class),
                config.getComponent(CommandGateway.class), config::deadlineManager));
        // No payment saga outlives the invocation that starts it (ADR 0008), so there is never a stored
        // saga to find or keep: a database saga store would only add a lookup per payment on the one
        // thread that settles them all (ADR 0011).
        configurer.eventProcessing().registerSaga(PaymentSaga.class,
                saga -> saga.configureSagaStore(c -> new InMemorySagaStore()));
        // Settlement runs on several segments at once: each batch locks its accounts in id order first (ADR 0018).
        configurer.eventProcessing().registerHandlerInterceptor(SAGA_PROCESSING_GROUP, c -> new AccountLocks(c,
                SAGA_PROCESSING_GROUP, (message, segment) -> message.getPayload() instanceof PaymentInitiatedEvent payment
                        && segment.matches(new AssociationValue(PaymentSaga.PAYMENT_ID, payment.paymentId()))
                        ? List.of(payment.debtorAccountId(), payment.creditorAccountId()) : List.of()));
    }
}
