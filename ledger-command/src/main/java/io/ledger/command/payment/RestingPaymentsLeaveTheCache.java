package io.ledger.command.payment;

import io.ledger.messages.payment.PaymentInitiatedEvent;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;
import java.util.function.Consumer;

/**
 * A payment is cached for the one step that needs it soon: from its creation to its saga's first step, moments
 * later. Every event after its initiation leaves it resting (settled, rejected, authorized, in review, and so on),
 * its next command minutes away or never, so once that event commits it leaves the cache; a later command reads it
 * from the store.
 *
 * <p>Why: the cache (Caffeine, bounded) admits a new entry to its main space only if it has been used more often than
 * the entry it would evict. Filled with finished payments, each created, loaded and stored again, it turned away
 * new ones whenever more of them waited for the saga than its small window for newcomers holds (1 % of its size):
 * a batch's chunks did, and every settlement read its payment back from the event store (docs/performance.md,
 * session 27). Without the finished ones it holds only live payments and stays below its bound.
 */
final class RestingPaymentsLeaveTheCache implements Consumer<List<? extends EventMessage<?>>> {

    private final Cache cache;

    RestingPaymentsLeaveTheCache(Cache cache) {
        this.cache = cache;
    }

    @Override
    public void accept(List<? extends EventMessage<?>> events) {
        for (EventMessage<?> event : events) {
            if (event instanceof DomainEventMessage<?> domain && Payment.class.getSimpleName().equals(domain.getType())
                    && !(domain.getPayload() instanceof PaymentInitiatedEvent)) {
                String paymentId = domain.getAggregateIdentifier();
                if (CurrentUnitOfWork.isStarted()) {
                    // After the commit: the repository stores its copy in the cache while the unit of work prepares it.
                    CurrentUnitOfWork.get().root().afterCommit(u -> cache.remove(paymentId));
                } else {
                    cache.remove(paymentId);
                }
            }
        }
    }
}
