package io.ledger.query.audit;

import io.ledger.messages.audit.AuditRecord;
import io.ledger.messages.common.MetaDataKeys;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.lang.reflect.RecordComponent;
import java.sql.Timestamp;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Appends every event of the store to the audit log, in the order this processor handles them, each
 * record hash-chained to the one before. The record copies the event's stored bytes (payload and
 * metadata JSON, type, timestamp) from the event store itself, not a re-serialization, so verification
 * can compare the two byte for byte. A replayed event is recognised by its id and not appended twice.
 */
@Component
@ProcessingGroup(AuditProjection.PROCESSING_GROUP)
public class AuditProjection {

    public static final String PROCESSING_GROUP = "audit-log";

    private final JdbcTemplate jdbc;
    private final AuditCheckpoints checkpoints;

    public AuditProjection(JdbcTemplate jdbc, AuditCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> event) {
        Integer known = jdbc.queryForObject("select count(*) from audit_record where event_id = ?", Integer.class,
                event.getIdentifier());
        if (known != null && known > 0) {
            return;
        }
        List<AuditRecord> stored = jdbc.query("""
                select global_index, event_identifier, payload_type, type, aggregate_identifier, sequence_number,
                       time_stamp, convert_from(payload, 'UTF8') as payload, convert_from(meta_data, 'UTF8') as meta
                  from domain_event_entry where event_identifier = ?""",
                (rs, n) -> new AuditRecord(0, rs.getLong("global_index"), rs.getString("event_identifier"),
                        rs.getString("payload_type"), rs.getString("type"), rs.getString("aggregate_identifier"),
                        rs.getLong("sequence_number"), rs.getString("time_stamp"), rs.getString("payload"),
                        rs.getString("meta"), null, null),
                event.getIdentifier());
        if (stored.isEmpty()) {
            throw new IllegalStateException("event " + event.getIdentifier() + " is not in the event store");
        }
        AuditRecord row = stored.get(0);
        List<Head> head = jdbc.query("select audit_seq, hash from audit_record order by audit_seq desc limit 1",
                (rs, n) -> new Head(rs.getLong("audit_seq"), rs.getString("hash")));
        long seq = head.isEmpty() ? 1 : head.get(0).seq() + 1;
        String previous = head.isEmpty() ? AuditRecord.GENESIS : head.get(0).hash();
        AuditRecord record = new AuditRecord(seq, row.globalPosition(), row.eventId(), row.eventType(),
                row.aggregateType(), row.aggregateId(), row.aggregateSeq(), row.timestamp(), row.payload(),
                row.metadata(), null, null).chainedAfter(previous);
        Subjects subjects = Subjects.of(payload);
        jdbc.update("""
                insert into audit_record (audit_seq, global_position, event_id, event_type, aggregate_type, aggregate_id,
                    aggregate_seq, event_timestamp, event_time, payload, metadata, correlation_id, causation_id, principal,
                    scopes, account_ids, payment_id, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                record.auditSeq(), record.globalPosition(), record.eventId(), record.eventType(), record.aggregateType(),
                record.aggregateId(), record.aggregateSeq(), record.timestamp(), Timestamp.from(event.getTimestamp()),
                record.payload(), record.metadata(), meta(event, MetaDataKeys.CORRELATION_ID),
                meta(event, MetaDataKeys.CAUSATION_ID), meta(event, MetaDataKeys.PRINCIPAL), meta(event, MetaDataKeys.SCOPES),
                subjects.accountArray(jdbc), subjects.paymentId(), record.prevHash(), record.hash());
        checkpoints.afterAppend(seq);
    }

    private static String meta(EventMessage<?> event, String key) {
        Object value = event.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    private record Head(long seq, String hash) {
    }

    /** The accounts and payment an event is about, read from its fields by name, for filtering. */
    record Subjects(Set<String> accounts, String paymentId) {

        static Subjects of(Object payload) {
            Set<String> accounts = new LinkedHashSet<>();
            String paymentId = null;
            if (payload.getClass().isRecord()) {
                for (RecordComponent component : payload.getClass().getRecordComponents()) {
                    Object value;
                    try {
                        value = component.getAccessor().invoke(payload);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                    if (value instanceof String text) {
                        switch (component.getName()) {
                            case "accountId", "debtorAccountId", "creditorAccountId" -> accounts.add(text);
                            case "paymentId" -> paymentId = text;
                            default -> { }
                        }
                    }
                }
            }
            return new Subjects(accounts, paymentId);
        }

        java.sql.Array accountArray(JdbcTemplate jdbc) {
            return jdbc.execute((java.sql.Connection c) -> c.createArrayOf("varchar", accounts.toArray()));
        }
    }
}
