package io.ledger.query.audit;

import io.ledger.audit.AuditRecord;
import io.ledger.messages.audit.AuditVerification;
import io.ledger.audit.Checkpoint;
import io.ledger.audit.MerkleTree;
import io.ledger.messages.audit.VerifyAuditQuery;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Recomputes the audit chain over a range and compares every record with the event store, page by
 * page in constant memory. The first thing that does not hold is reported with its position:
 * a missing or edited audit record, a broken link, an event changed, removed or reordered in the
 * store, an event in the store that the log never saw, or a checkpoint whose root or signature fails.
 */
@Component
public class AuditVerifier {

    private static final int PAGE = 1000;

    private final JdbcTemplate jdbc;
    private final CheckpointSigner signer;

    public AuditVerifier(JdbcTemplate jdbc, CheckpointSigner signer) {
        this.jdbc = jdbc;
        this.signer = signer;
    }

    private record Stored(AuditRecord audit, Long position, String eventId, String type, String aggregateType,
                          String aggregateId, Long aggregateSeq, String timestamp, String payload, String metadata) {
    }

    @QueryHandler
    public AuditVerification handle(VerifyAuditQuery query) {
        long max = Optional.ofNullable(jdbc.queryForObject("select max(audit_seq) from audit_record", Long.class)).orElse(0L);
        long from = query.fromSeq() == null ? 1 : Math.max(1, query.fromSeq());
        long to = query.toSeq() == null ? max : Math.min(max, query.toSeq());
        if (to < from) {
            return new AuditVerification(true, from, to, 0, 0, null, null, "nothing to verify in this range");
        }
        String previousHash = from == 1 ? AuditRecord.GENESIS : jdbc.query(
                "select hash from audit_record where audit_seq = ?", (rs, n) -> rs.getString(1), from - 1)
                .stream().findFirst().orElse(null);
        long expected = from;
        long checked = 0;
        long minPosition = Long.MAX_VALUE;
        long maxPosition = Long.MIN_VALUE;
        long after = from - 1;
        while (true) {
            List<Stored> page = jdbc.query("""
                    select a.*, e.global_index as e_pos, e.event_identifier as e_id, e.payload_type as e_type,
                           e.type as e_agg_type, e.aggregate_identifier as e_agg_id, e.sequence_number as e_seq,
                           e.time_stamp as e_ts, convert_from(e.payload, 'UTF8') as e_payload,
                           convert_from(e.meta_data, 'UTF8') as e_meta
                      from audit_record a left join domain_event_entry e on e.global_index = a.global_position
                     where a.audit_seq > ? and a.audit_seq <= ? order by a.audit_seq limit ?""",
                    (rs, n) -> new Stored(AuditRows.RECORD.mapRow(rs, n), (Long) rs.getObject("e_pos"),
                            rs.getString("e_id"), rs.getString("e_type"), rs.getString("e_agg_type"),
                            rs.getString("e_agg_id"), (Long) rs.getObject("e_seq"), rs.getString("e_ts"),
                            rs.getString("e_payload"), rs.getString("e_meta")),
                    after, to, PAGE);
            for (Stored row : page) {
                AuditRecord record = row.audit();
                String problem = check(row, expected, previousHash);
                if (problem != null) {
                    return broken(from, to, checked, record.auditSeq() == expected ? record.auditSeq() : expected,
                            record.globalPosition(), problem);
                }
                previousHash = record.hash();
                minPosition = Math.min(minPosition, record.globalPosition());
                maxPosition = Math.max(maxPosition, record.globalPosition());
                expected++;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).audit().auditSeq();
        }
        if (expected <= to) {
            return broken(from, to, checked, expected, null, "audit record " + expected + " is missing");
        }
        List<Long> unaudited = jdbc.queryForList("""
                select e.global_index from domain_event_entry e
                 where e.global_index between ? and ?
                   and not exists (select 1 from audit_record a where a.global_position = e.global_index)
                 order by e.global_index limit 1""", Long.class, minPosition, maxPosition);
        if (!unaudited.isEmpty()) {
            return broken(from, to, checked, null, unaudited.get(0),
                    "the event store holds an event at global position " + unaudited.get(0)
                            + " that the audit log never recorded (inserted after the fact)");
        }
        long checkpointsChecked = 0;
        for (Checkpoint checkpoint : jdbc.query(
                "select * from audit_checkpoint where to_seq >= ? and from_seq <= ? order by checkpoint_seq",
                AuditRows.CHECKPOINT, from, to)) {
            String problem = checkCheckpoint(checkpoint);
            if (problem != null) {
                return broken(from, to, checked, checkpoint.fromSeq(), null, problem);
            }
            checkpointsChecked++;
        }
        return new AuditVerification(true, from, to, checked, checkpointsChecked, null, null, "verified");
    }

    private static String check(Stored row, long expected, String previousHash) {
        AuditRecord record = row.audit();
        if (record.auditSeq() != expected) {
            return "audit record " + expected + " is missing";
        }
        if (!record.prevHash().equals(previousHash)) {
            return "chain broken: prevHash of record " + record.auditSeq() + " is not the hash of record "
                    + (record.auditSeq() - 1);
        }
        if (!record.hash().equals(record.computeHash())) {
            return "audit record " + record.auditSeq() + " does not match its hash (the record was edited)";
        }
        if (row.position() == null) {
            return "the event at global position " + record.globalPosition() + " is missing from the event store";
        }
        String field = !record.eventId().equals(row.eventId()) ? "event id"
                : !record.eventType().equals(row.type()) ? "payload type"
                : !Objects.equals(record.aggregateType(), row.aggregateType()) ? "aggregate type"
                : !Objects.equals(record.aggregateId(), row.aggregateId()) ? "aggregate id"
                : record.aggregateSeq() != row.aggregateSeq() ? "aggregate sequence number"
                : !record.timestamp().equals(row.timestamp()) ? "timestamp"
                : !record.payload().equals(row.payload()) ? "payload"
                : !record.metadata().equals(row.metadata()) ? "metadata"
                : null;
        return field == null ? null : "the event at global position " + record.globalPosition()
                + " differs from its audit record: " + field;
    }

    private String checkCheckpoint(Checkpoint checkpoint) {
        if (!signer.verify(checkpoint.canonicalBytes(), checkpoint.signature())) {
            return "checkpoint " + checkpoint.checkpointSeq() + ": signature does not verify";
        }
        List<String> hashes = jdbc.queryForList("select hash from audit_record where audit_seq between ? and ? "
                + "order by audit_seq", String.class, checkpoint.fromSeq(), checkpoint.toSeq());
        if (hashes.size() != checkpoint.treeSize() || !new MerkleTree(hashes).root().equals(checkpoint.merkleRoot())) {
            return "checkpoint " + checkpoint.checkpointSeq() + ": Merkle root does not match its records";
        }
        if (!hashes.get(hashes.size() - 1).equals(checkpoint.chainHead())) {
            return "checkpoint " + checkpoint.checkpointSeq() + ": chain head does not match record " + checkpoint.toSeq();
        }
        return null;
    }

    private static AuditVerification broken(long from, long to, long checked, Long auditSeq, Long position, String reason) {
        return new AuditVerification(false, from, to, checked, 0, auditSeq, position, reason);
    }
}
