package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import io.ledger.messages.account.FreezeAccountCommand;
import io.ledger.messages.account.UnfreezeAccountCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SYSTEM account with a million events: the first command replays them all and leaves a snapshot;
 * later commands load from the cache, or from the snapshot when the cache is empty. Prints the figures.
 */
@DirtiesContext
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AccountSnapshotIT {

    private static final String DATABASE = TestDatabase.create("snapshot");
    private static final int EVENTS = Integer.getInteger("ledger.scale.account-events", 1_000_000);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandGateway commands;

    @Autowired
    Cache accountCache;

    @Autowired
    EventProcessingConfiguration processing;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
    }

    @Test
    void aMillionEventAccountLoadsFastAfterItsFirstSnapshot() {
        // Only the command side is measured: the projections would otherwise chew through the million events.
        processing.eventProcessors().values().forEach(EventProcessor::shutDown);
        long seedStart = System.nanoTime();
        jdbc.update("""
                insert into domain_event_entry (global_index, sequence_number, meta_data, payload, aggregate_identifier,
                    event_identifier, payload_revision, payload_type, time_stamp, type)
                values (nextval('domain_event_entry_seq'), 0, convert_to('{}', 'UTF8'),
                    convert_to('{"accountId":"big","ownerId":"bank","currency":"USD","type":"SYSTEM","overdraftLimit":{"minorUnits":0,"currency":"USD"}}', 'UTF8'),
                    'big', gen_random_uuid()::text, null, 'io.ledger.messages.account.AccountOpenedEvent',
                    '2026-01-01T00:00:00Z', 'Account')""");
        jdbc.update("""
                insert into domain_event_entry (global_index, sequence_number, meta_data, payload, aggregate_identifier,
                    event_identifier, payload_revision, payload_type, time_stamp, type)
                select nextval('domain_event_entry_seq'), g, convert_to('{}', 'UTF8'),
                       convert_to(format('{"accountId":"big","paymentId":"p%s","amount":{"minorUnits":1,"currency":"USD"}}',
                                         (g + 1) / 2), 'UTF8'),
                       'big', gen_random_uuid()::text, null,
                       case when g % 2 = 1 then 'io.ledger.messages.account.DebitReservedEvent'
                            else 'io.ledger.messages.account.DebitPostedEvent' end,
                       '2026-01-01T00:00:00Z', 'Account'
                  from generate_series(1, ?) g""", EVENTS - 1);
        double seeded = seconds(seedStart);

        long replay = System.nanoTime();
        commands.sendAndWait(new FreezeAccountCommand("big", "measure"));
        double replayed = seconds(replay);
        assertTrue(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = 'big'",
                Long.class) >= 1, "the replay left a snapshot");

        long cached = System.nanoTime();
        commands.sendAndWait(new UnfreezeAccountCommand("big"));
        double fromCache = seconds(cached);

        accountCache.removeAll();
        long snapshot = System.nanoTime();
        commands.sendAndWait(new FreezeAccountCommand("big", "measure again"));
        double fromSnapshot = seconds(snapshot);

        System.out.printf("ACCOUNT LOAD: %,d events seeded in %.1f s; first command (full replay) %.0f ms; "
                + "next from cache %.1f ms; after cache eviction from snapshot %.1f ms%n",
                EVENTS, seeded, replayed * 1000, fromCache * 1000, fromSnapshot * 1000);
        assertEquals(EVENTS + 3L, jdbc.queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = 'big'", Long.class));
        assertTrue(fromSnapshot < 1.0, "loading from the snapshot took " + fromSnapshot + " s");
    }

    @AfterEach
    void release() {
        jdbc.execute("truncate domain_event_entry, snapshot_event_entry");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
