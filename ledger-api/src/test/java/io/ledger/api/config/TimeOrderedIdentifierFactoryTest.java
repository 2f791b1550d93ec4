package io.ledger.api.config;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void axonTakesItsMessageIdsFromThisFactory() {
        assertInstanceOf(TimeOrderedIdentifierFactory.class, IdentifierFactory.getInstance());
        String eventId = GenericEventMessage.asEventMessage("anything").getIdentifier();
        assertEquals(7, UUID.fromString(eventId).version(), eventId);
    }

    @Test
    void idsAreVersionSevenAndGrowInTheOrderTheyAreMade() {
        long before = System.currentTimeMillis();
        String previous = TimeOrderedIdentifierFactory.next();
        for (int i = 0; i < 10_000; i++) {
            String next = TimeOrderedIdentifierFactory.next();
            UUID uuid = UUID.fromString(next);
            assertEquals(7, uuid.version());
            assertEquals(2, uuid.variant());
            // Text order is index order in PostgreSQL (fixed-width lower-case hex), and it follows creation.
            assertTrue(next.compareTo(previous) > 0, previous + " then " + next);
            previous = next;
        }
        long millis = UUID.fromString(previous).getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= System.currentTimeMillis(), "the id starts with the time it was made");
    }

    @Test
    void idsMadeOnManyThreadsAtOnceAreUnique() throws Exception {
        int threads = 4;
        int each = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    List<String> ids = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        ids.add(TimeOrderedIdentifierFactory.next());
                    }
                    return ids;
                });
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> made : pool.invokeAll(tasks)) {
                all.addAll(made.get());
            }
            assertEquals(threads * each, all.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
