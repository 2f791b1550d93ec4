package io.ledger.command.payment;

import io.ledger.messages.account.AccountFrozenEvent;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.PaymentInitiatedEvent;
import io.ledger.messages.payment.PaymentSettledEvent;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A payment stays cached from its creation to its first step, and leaves once that step commits. */
class RestingPaymentsLeaveTheCacheTest {

    private static final Money AMOUNT = Money.ofMinor(1_000, "USD");
    private final Object cached = new Object();
    private final Cache cache = new WeakReferenceCache();
    private final RestingPaymentsLeaveTheCache leave = new RestingPaymentsLeaveTheCache(cache);

    private static GenericDomainEventMessage<?> ofPayment(String id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Payment", id, sequence, payload);
    }

    @Test
    void itsCreationKeepsItCached() {
        cache.put("p1", cached);
        leave.accept(List.of(ofPayment("p1", 0, new PaymentInitiatedEvent("p1", "alice-usd", "shop-usd", AMOUNT, null,
                "k", "fp", "alice", null, CaptureMode.AUTOMATIC, null))));
        assertTrue(cache.containsKey("p1"));
    }

    @Test
    void aSettlementRemovesItOnceItsUnitOfWorkCommits() {
        cache.put("p1", cached);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        leave.accept(List.of(ofPayment("p1", 1, new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null))));
        assertTrue(cache.containsKey("p1"), "not before the commit: the repository stores it while preparing");
        unitOfWork.commit();
        assertFalse(cache.containsKey("p1"));
    }

    @Test
    void aSettlementRolledBackLeavesItCached() {
        cache.put("p1", cached);
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        leave.accept(List.of(ofPayment("p1", 1, new PaymentSettledEvent("p1", "alice-usd", "shop-usd", AMOUNT, null))));
        unitOfWork.rollback();
        assertTrue(cache.containsKey("p1"));
    }

    @Test
    void otherAggregatesEventsLeaveTheirCacheEntriesAlone() {
        cache.put("alice-usd", cached);
        leave.accept(List.of(new GenericDomainEventMessage<>("Account", "alice-usd", 3,
                new AccountFrozenEvent("alice-usd", "fraud"))));
        assertTrue(cache.containsKey("alice-usd"));
    }
}
