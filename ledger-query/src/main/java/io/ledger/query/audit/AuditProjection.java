package io.ledger.query.audit;

import io.ledger.audit.AuditRecord;
import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.query.support.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends every event of the store to the audit log, in the order this processor handles them, each
 * record hash-chained to the one before. The record copies the event's stored bytes (payload and
 * metadata JSON, type, timestamp) from the event store itself, not a re-serialization, so verification
 * can compare the two byte for byte. A replayed event is recognised by its position in the store and not
 * appended twice.
 *
 * <p>The handler only queues the event on the processor's batch; the whole batch is appended when it
 * commits, in the same transaction as the processor's token: one query for the stored bytes, what was
 * recorded before, the chain's head and the checkpoints' reach, and one batched insert — instead of five
 * round trips per event, or four queries per batch before session 26 (docs/performance.md).
 */
@Component
@ProcessingGroup(AuditProjection.PROCESSING_GROUP)
public class AuditProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private static final String QUEUED = "ledger.audit.queuedEvents";

    private final JdbcTemplate jdbc;
    private final AuditCheckpoints checkpoints;

    public AuditProjection(JdbcTemplate jdbc, AuditCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) {
        UnitOfWorkBatch.add(QUEUED, new Queued(payload, event), this::append);
    }

    private void append(List<Queued> events) {
        // One query for what the batch needs to know: each event's stored bytes, whether it was recorded before, the
        // chain's head and how far the checkpoints cover. Recorded before is asked by position, not event id:
        // positions arrive nearly in order, so the probe touches the index's last pages, where a random event id
        // touches any. The position is the store's, not the tracking token's: a token holds the highest position
        // seen, which is not the event's own when the event fills a gap left by a transaction that committed late.
        Known known = new Known();
        jdbc.query("""
                select e.global_index, e.event_identifier, e.payload_type, e.type, e.aggregate_identifier,
                       e.sequence_number, e.time_stamp, convert_from(e.payload, 'UTF8') as payload,
                       convert_from(e.meta_data, 'UTF8') as meta,
                       exists (select 1 from audit_record r where r.global_position = e.global_index) as recorded,
                       h.audit_seq as head_seq, h.hash as head_hash,
                       coalesce((select max(to_seq) from audit_checkpoint), 0) as covered
                  from domain_event_entry e
                  left join (select audit_seq, hash from audit_record order by audit_seq desc limit 1) h on true
                 where e.event_identifier = any(?)""",
                known::add, array("varchar", events.stream().map(q -> q.event().getIdentifier()).toList()));
        Map<String, AuditRecord> stored = known.stored;
        Set<Long> recorded = known.recorded;
        long seq = known.headSeq;
        String previous = known.headHash;
        List<Object[]> rows = new ArrayList<>();
        for (Queued queued : events) {
            EventMessage<?> event = queued.event();
            AuditRecord row = stored.get(event.getIdentifier());
            if (row == null) {
                throw new IllegalStateException("event " + event.getIdentifier() + " is not in the event store");
            }
            if (!recorded.add(row.globalPosition())) {
                continue; // recorded before (a replay), or twice in this batch
            }
            seq++;
            AuditRecord record = new AuditRecord(seq, row.globalPosition(), row.eventId(), row.eventType(),
                    row.aggregateType(), row.aggregateId(), row.aggregateSeq(), row.timestamp(), row.payload(),
                    row.metadata(), null, null).chainedAfter(previous);
            previous = record.hash();
            Subjects subjects = Subjects.of(queued.payload());
            rows.add(new Object[] {record.auditSeq(), record.globalPosition(), record.eventId(), record.eventType(),
                    record.aggregateType(), record.aggregateId(), record.aggregateSeq(), record.timestamp(),
                    Timestamp.from(event.getTimestamp()), record.payload(), record.metadata(),
                    meta(event, MetaDataKeys.CORRELATION_ID), meta(event, MetaDataKeys.CAUSATION_ID),
                    meta(event, MetaDataKeys.PRINCIPAL), meta(event, MetaDataKeys.SCOPES),
                    array("varchar", subjects.accounts()), subjects.paymentId(), record.prevHash(), record.hash()});
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                insert into audit_record (audit_seq, global_position, event_id, event_type, aggregate_type, aggregate_id,
                    aggregate_seq, event_timestamp, event_time, payload, metadata, correlation_id, causation_id, principal,
                    scopes, account_ids, payment_id, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
        checkpoints.afterAppend(seq, known.covered);
    }

    private java.sql.Array array(String type, Collection<?> values) {
        return jdbc.execute((java.sql.Connection c) -> c.createArrayOf(type, values.toArray()));
    }

    private static String meta(EventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    /** What the batch's one query found: the events' stored bytes, those recorded before, the head, the reach. */
    private static final class Known {
        private final Map<String, AuditRecord> stored = new HashMap<>();
        private final Set<Long> recorded = new HashSet<>();
        private long headSeq;
        private String headHash = AuditRecord.GENESIS;
        private long covered;

        private void add(ResultSet rs) throws SQLException {
            AuditRecord row = new AuditRecord(0, rs.getLong("global_index"), rs.getString("event_identifier"),
                    rs.getString("payload_type"), rs.getString("type"), rs.getString("aggregate_identifier"),
                    rs.getLong("sequence_number"), rs.getString("time_stamp"), rs.getString("payload"),
                    rs.getString("meta"), null, null);
            stored.put(row.eventId(), row);
            if (rs.getBoolean("recorded")) {
                recorded.add(row.globalPosition());
            }
            if (rs.getString("head_hash") != null) {
                headSeq = rs.getLong("head_seq");
                headHash = rs.getString("head_hash");
            }
            covered = rs.getLong("covered");
        }
    }

    private record Queued(Object payload, EventMessage<?> event) {
    }

    /** The accounts and payment an event is about, as it says by its {@link AuditedAs} views, for filtering. */
    record Subjects(Set<String> accounts, String paymentId) {

        static Subjects of(Object payload) {
            Set<String> accounts = new LinkedHashSet<>();
            if (payload instanceof AuditedAs.OfAccount event && event.accountId() != null) {
                accounts.add(event.accountId());
            }
            if (payload instanceof AuditedAs.FromAccount event && event.debtorAccountId() != null) {
                accounts.add(event.debtorAccountId());
            }
            if (payload instanceof AuditedAs.ToAccount event && event.creditorAccountId() != null) {
                accounts.add(event.creditorAccountId());
            }
            return new Subjects(accounts, payload instanceof AuditedAs.OfPayment event ? event.paymentId() : null);
        }
    }
}
