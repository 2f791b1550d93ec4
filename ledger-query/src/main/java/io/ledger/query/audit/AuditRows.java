package io.ledger.query.audit;

import io.ledger.audit.AuditRecord;
import io.ledger.audit.Checkpoint;
import org.springframework.jdbc.core.RowMapper;

/** Row mappers of the audit tables. */
final class AuditRows {

    private AuditRows() {
    }

    static final RowMapper<AuditRecord> RECORD = (rs, n) -> new AuditRecord(rs.getLong("audit_seq"),
            rs.getLong("global_position"), rs.getString("event_id"), rs.getString("event_type"),
            rs.getString("aggregate_type"), rs.getString("aggregate_id"), rs.getLong("aggregate_seq"),
            rs.getString("event_timestamp"), rs.getString("payload"), rs.getString("metadata"),
            rs.getString("prev_hash"), rs.getString("hash"));

    static final RowMapper<Checkpoint> CHECKPOINT = (rs, n) -> new Checkpoint(rs.getLong("checkpoint_seq"),
            rs.getLong("from_seq"), rs.getLong("to_seq"), rs.getString("chain_head"), rs.getString("merkle_root"),
            rs.getString("created_at"), rs.getString("key_id"), rs.getString("signature"));
}
