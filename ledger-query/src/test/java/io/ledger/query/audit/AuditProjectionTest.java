package io.ledger.query.audit;

import io.ledger.audit.AuditRecord;
import io.ledger.query.support.ReadModelDatabase;
import io.ledger.messages.audit.AuditedAs;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log appends each event of the store once, in processing order, chained, with the store's own
 * bytes; a replay appends nothing twice, a late-committed event is not mistaken for a replay, and an event
 * the store does not have is refused.
 */
class AuditProjectionTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private JdbcTemplate jdbc;
    private AuditProjection projection;

    /** An event of the ledger as far as the audit log cares: a record naming an account and a payment. */
    record Paid(String paymentId, String accountId) implements AuditedAs.OfPayment, AuditedAs.OfAccount {
    }

    @BeforeEach
    void store() {
        jdbc = ReadModelDatabase.create();
        // The event store's table as the audit log reads it (ledger-api migrates the real one).
        jdbc.execute("""
                create table domain_event_entry (
                    global_index bigint primary key, event_identifier varchar(255) not null unique,
                    payload_type varchar(255) not null, type varchar(255), aggregate_identifier varchar(255) not null,
                    sequence_number bigint not null, time_stamp varchar(255) not null, payload bytea not null,
                    meta_data bytea)""");
        for (int i = 1; i <= 3; i++) {
            jdbc.update("insert into domain_event_entry values (?, ?, ?, 'Payment', ?, 0, ?, convert_to(?, 'UTF8'),"
                            + " convert_to('{}', 'UTF8'))", i, "e" + i, Paid.class.getName(), "p" + i, T.toString(),
                    "{\"paymentId\":\"p" + i + "\",\"accountId\":\"a" + i + "\"}");
        }
        projection = new AuditProjection(jdbc, new AuditCheckpoints(jdbc, null, null, 1024));
    }

    @Test
    void aReplayAppendsOnlyWhatIsNew() throws SQLException {
        batch(event(1, "e1"), event(2, "e2"));
        batch(event(1, "e1"), event(2, "e2"), event(3, "e3"), event(3, "e3")); // a replay from the start

        List<AuditRecord> log = jdbc.query("select * from audit_record order by audit_seq", AuditRows.RECORD);
        assertEquals(List.of(1L, 2L, 3L), log.stream().map(AuditRecord::auditSeq).toList());
        assertEquals(List.of("e1", "e2", "e3"), log.stream().map(AuditRecord::eventId).toList());
        assertEquals(AuditRecord.GENESIS, log.get(0).prevHash());
        for (int i = 1; i < log.size(); i++) {
            assertEquals(log.get(i - 1).hash(), log.get(i).prevHash(), "record " + (i + 1) + " chains to the one before");
        }
        assertEquals("{\"paymentId\":\"p3\",\"accountId\":\"a3\"}", log.get(2).payload(), "the store's bytes");
        assertEquals(List.of("a3"), List.of((String[]) jdbc.queryForObject(
                "select account_ids from audit_record where audit_seq = 3", java.sql.Array.class).getArray()));
    }

    @Test
    void anEventThatFillsAGapIsRecordedThoughTheTokenIsAlreadyPastIt() {
        // Position 2 committed after position 3: the processor handles 3, then 2 with a token whose
        // position is still 3 (the highest seen). Taking that for the event's own would skip event 2.
        batch(event(1, "e1"), event(3, "e3"));
        batch(new GenericTrackedEventMessage<>(GapAwareTrackingToken.newInstance(3, Set.of()), message("e2", 2)));

        assertEquals(List.of(1L, 3L, 2L), jdbc.queryForList(
                "select global_position from audit_record order by audit_seq", Long.class));
    }

    @Test
    void anEventNotInTheStoreIsRefusedAndNothingOfItsBatchIsAppended() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> batch(event(1, "e1"), event(2, "e-elsewhere")));

        assertTrue(refused.getMessage().contains("e-elsewhere"), refused.getMessage());
        assertEquals(0, jdbc.queryForObject("select count(*) from audit_record", Integer.class));
    }

    /** The events handled as one processor batch: appended when its unit of work commits. */
    private void batch(EventMessage<?>... events) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(events[0]);
        try {
            for (EventMessage<?> event : events) {
                projection.on(event.getPayload(), event);
            }
            unitOfWork.commit();
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }

    /** The event stored at {@code position}, as a tracking processor hands it over in order. */
    private static EventMessage<Paid> event(long position, String id) {
        return new GenericTrackedEventMessage<>(GapAwareTrackingToken.newInstance(position, Set.of()),
                message(id, position));
    }

    private static EventMessage<Paid> message(String id, long position) {
        return new GenericEventMessage<>(id, new Paid("p" + position, "a" + position), Map.of(), T);
    }
}
