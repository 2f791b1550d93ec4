package io.ledger.api.batch;

import org.axonframework.common.property.Property;
import org.axonframework.common.property.PropertyAccessStrategy;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.SagaEventHandler;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps from the atomic batch saga's processor the payment events of payments that are in no atomic batch. The saga
 * finds its instances by payment id, and Axon asks the saga store for every such event — of every payment in the
 * ledger, a query per event (4.7 % of the service's CPU in the uniform benchmark, where no batch is atomic). A payment
 * can concern the saga only if it is an item of an atomic batch, and its item is stored before its payment is sent;
 * so the processor asks once per batch of events which of their payments are such items, and lets only those through.
 * Every other event (the batch's own, a deadline) passes untouched.
 */
final class AtomicBatchEventFilter implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String ITEMS = AtomicBatchEventFilter.class.getName() + ".items";

    /** The events the saga finds by payment id, read from its own handlers, so the two cannot drift apart. */
    private final Set<Class<?>> foundByPayment = Arrays.stream(AtomicBatchSaga.class.getDeclaredMethods())
            .filter(method -> {
                SagaEventHandler handler = method.getAnnotation(SagaEventHandler.class);
                return handler != null && handler.associationProperty().equals(AtomicBatchSaga.PAYMENT_ID);
            })
            .map(method -> method.getParameterTypes()[0])
            .collect(Collectors.toUnmodifiableSet());
    private final Function<Collection<String>, Set<String>> inAtomicBatches;

    /** @param inAtomicBatches which of the payments named are items of an atomic batch */
    AtomicBatchEventFilter(Function<Collection<String>, Set<String>> inAtomicBatches) {
        this.inAtomicBatches = inAtomicBatches;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        String paymentId = paymentId(unitOfWork.getMessage());
        if (paymentId == null) {
            return chain.proceed();
        }
        Set<String> atomic = unitOfWork.root().getOrComputeResource(ITEMS, key -> inAtomicBatches.apply(
                batchOf(unitOfWork).stream().map(this::paymentId).filter(Objects::nonNull).collect(Collectors.toSet())));
        return atomic.contains(paymentId) ? chain.proceed() : null;
    }

    /** The payment the saga would look its instances up by, or null when it finds this event otherwise. */
    private String paymentId(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload == null || !foundByPayment.contains(payload.getClass())) {
            return null;
        }
        return Objects.toString(property(payload, AtomicBatchSaga.PAYMENT_ID), null);
    }

    /** A payload's property as Axon reads an association property. */
    private static <T> Object property(T payload, String name) {
        @SuppressWarnings("unchecked")
        Property<T> property = PropertyAccessStrategy.getProperty((Class<T>) payload.getClass(), name);
        return property == null ? null : property.getValue(payload);
    }

    private static Collection<? extends EventMessage<?>> batchOf(UnitOfWork<? extends EventMessage<?>> unitOfWork) {
        return unitOfWork instanceof BatchingUnitOfWork<? extends EventMessage<?>> batch ? batch.getMessages()
                : List.of(unitOfWork.getMessage());
    }
}
