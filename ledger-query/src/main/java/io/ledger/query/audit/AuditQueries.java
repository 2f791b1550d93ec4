package io.ledger.query.audit;

import io.ledger.messages.audit.AuditExportEntry;
import io.ledger.messages.audit.AuditExportPage;
import io.ledger.messages.audit.AuditExportPageQuery;
import io.ledger.messages.audit.AuditExportPlan;
import io.ledger.messages.audit.AuditFilter;
import io.ledger.audit.AuditProof;
import io.ledger.audit.AuditRecord;
import io.ledger.messages.audit.AuditRecordPage;
import io.ledger.audit.Checkpoint;
import io.ledger.messages.audit.CheckpointList;
import io.ledger.messages.audit.FindCheckpointsQuery;
import io.ledger.messages.audit.ListAuditRecordsQuery;
import io.ledger.audit.MerkleTree;
import io.ledger.messages.audit.StartAuditExportQuery;
import io.ledger.messages.audit.Trace;
import io.ledger.messages.audit.TraceQuery;
import io.ledger.messages.audit.TracedCommand;
import io.ledger.messages.audit.TracedEvent;
import io.ledger.query.support.Cursors;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ledger.query.support.Rows.instant;

/** Reads of the audit log: pages, exports with inclusion proofs, checkpoints and request lineage. */
@Component
public class AuditQueries {

    private static final int TREE_CACHE = 16;

    private final JdbcTemplate jdbc;
    private final AuditCheckpoints checkpoints;
    /** Recently built checkpoint trees: an export walks ranges in order, so a handful is plenty. */
    private final Map<Long, MerkleTree> trees = Collections.synchronizedMap(new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, MerkleTree> eldest) {
            return size() > TREE_CACHE;
        }
    });

    public AuditQueries(JdbcTemplate jdbc, AuditCheckpoints checkpoints) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
    }

    @QueryHandler
    public AuditRecordPage handle(ListAuditRecordsQuery query) {
        List<AuditRecord> rows = select(query.filter(), Cursors.decodeLong(query.cursor(), 0), Long.MAX_VALUE,
                query.limit() + 1);
        if (rows.size() <= query.limit()) {
            return new AuditRecordPage(rows, null);
        }
        List<AuditRecord> page = List.copyOf(rows.subList(0, query.limit()));
        return new AuditRecordPage(page, Cursors.encode(Long.toString(page.get(page.size() - 1).auditSeq())));
    }

    @QueryHandler
    public AuditExportPlan handle(StartAuditExportQuery query) {
        Checkpoint latest = checkpoints.checkpointAll().orElse(null);
        if (latest == null) {
            return new AuditExportPlan(0, AuditRecord.GENESIS, 0);
        }
        return new AuditExportPlan(latest.toSeq(), latest.chainHead(), latest.checkpointSeq());
    }

    @QueryHandler
    public AuditExportPage handle(AuditExportPageQuery query) {
        List<AuditRecord> rows = select(query.filter(), query.afterAuditSeq(), query.maxAuditSeq(), query.limit());
        List<AuditExportEntry> entries = new ArrayList<>(rows.size());
        List<Checkpoint> covering = rows.isEmpty() ? List.of() : jdbc.query(
                "select * from audit_checkpoint where to_seq >= ? and from_seq <= ? order by from_seq",
                AuditRows.CHECKPOINT, rows.get(0).auditSeq(), rows.get(rows.size() - 1).auditSeq());
        int c = 0;
        for (AuditRecord record : rows) {
            while (c < covering.size() && !covering.get(c).covers(record.auditSeq())) {
                c++;
            }
            AuditProof proof = null;
            if (c < covering.size()) {
                Checkpoint checkpoint = covering.get(c);
                int index = (int) (record.auditSeq() - checkpoint.fromSeq());
                proof = new AuditProof(record.auditSeq(), checkpoint.checkpointSeq(), index, checkpoint.treeSize(),
                        tree(checkpoint).proof(index));
            }
            entries.add(new AuditExportEntry(record, proof));
        }
        long last = rows.isEmpty() ? query.maxAuditSeq() : rows.get(rows.size() - 1).auditSeq();
        return new AuditExportPage(entries, last, rows.size() < query.limit());
    }

    @QueryHandler
    public CheckpointList handle(FindCheckpointsQuery query) {
        if (query.checkpointSeqs().isEmpty()) {
            return new CheckpointList(List.of());
        }
        return new CheckpointList(jdbc.query(
                "select * from audit_checkpoint where checkpoint_seq = any(?) order by checkpoint_seq", AuditRows.CHECKPOINT,
                (Object) query.checkpointSeqs().toArray(Long[]::new)));
    }

    @QueryHandler
    public Trace handle(TraceQuery query) {
        List<TracedCommand> commands = jdbc.query(
                "select * from audit_command where correlation_id = ? order by recorded_at, command_id",
                (rs, n) -> new TracedCommand(rs.getString("command_id"), rs.getString("command_type"),
                        rs.getString("causation_id"), rs.getString("principal"), instant(rs, "recorded_at")),
                query.correlationId());
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> payments = new LinkedHashSet<>();
        List<String[]> who = new ArrayList<>();
        List<TracedEvent> events = jdbc.query(
                "select * from audit_record where correlation_id = ? order by audit_seq",
                (rs, n) -> {
                    accounts.addAll(List.of((String[]) rs.getArray("account_ids").getArray()));
                    if (rs.getString("payment_id") != null) {
                        payments.add(rs.getString("payment_id"));
                    }
                    if (who.isEmpty()) {
                        who.add(new String[] {rs.getString("principal"), rs.getString("scopes"),
                                rs.getTimestamp("event_time").toInstant().toString()});
                    }
                    return new TracedEvent(rs.getLong("audit_seq"), rs.getLong("global_position"),
                            rs.getString("event_type"), rs.getString("aggregate_type"), rs.getString("aggregate_id"),
                            rs.getLong("aggregate_seq"), rs.getString("causation_id"), rs.getString("event_timestamp"));
                },
                query.correlationId());
        if (commands.isEmpty() && events.isEmpty()) {
            return null;
        }
        List<Map<String, Object>> first = jdbc.queryForList(
                "select principal, scopes, recorded_at from audit_command where correlation_id = ? "
                        + "order by recorded_at limit 1", query.correlationId());
        String principal = first.isEmpty() ? who.get(0)[0] : (String) first.get(0).get("principal");
        String scopes = first.isEmpty() ? who.get(0)[1] : (String) first.get(0).get("scopes");
        java.time.Instant at = first.isEmpty() ? java.time.Instant.parse(who.get(0)[2])
                : ((Timestamp) first.get(0).get("recorded_at")).toInstant();
        return new Trace(query.correlationId(), principal, scopes, at, commands, events, List.copyOf(accounts),
                List.copyOf(payments));
    }

    private MerkleTree tree(Checkpoint checkpoint) {
        return trees.computeIfAbsent(checkpoint.checkpointSeq(), seq -> new MerkleTree(jdbc.queryForList(
                "select hash from audit_record where audit_seq between ? and ? order by audit_seq", String.class,
                checkpoint.fromSeq(), checkpoint.toSeq())));
    }

    private List<AuditRecord> select(AuditFilter filter, long afterSeq, long maxSeq, int limit) {
        Select select = statement(filter, afterSeq, maxSeq, limit);
        return jdbc.query(select.sql(), AuditRows.RECORD, select.args());
    }

    /** The query for the records matching {@code filter} in (afterSeq, maxSeq], in log order. */
    static Select statement(AuditFilter filter, long afterSeq, long maxSeq, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_record where audit_seq > ? and audit_seq <= ?");
        List<Object> args = new ArrayList<>(List.of(afterSeq, maxSeq));
        if (filter != null) {
            if (filter.from() != null) {
                sql.append(" and event_time >= ?");
                args.add(Timestamp.from(filter.from()));
            }
            if (filter.to() != null) {
                sql.append(" and event_time < ?");
                args.add(Timestamp.from(filter.to()));
            }
            if (filter.accountId() != null) {
                // Containment, not "? = any(account_ids)": only this form can use the GIN index.
                sql.append(" and account_ids @> array[?::varchar]");
                args.add(filter.accountId());
            }
            if (filter.paymentId() != null) {
                sql.append(" and payment_id = ?");
                args.add(filter.paymentId());
            }
            if (filter.correlationId() != null) {
                sql.append(" and correlation_id = ?");
                args.add(filter.correlationId());
            }
            if (filter.principal() != null) {
                sql.append(" and principal = ?");
                args.add(filter.principal());
            }
            if (filter.eventType() != null) {
                sql.append(" and (event_type = ? or event_type like ?)");
                args.add(filter.eventType());
                args.add("%." + filter.eventType());
            }
        }
        sql.append(" order by audit_seq limit ?");
        args.add(limit);
        return new Select(sql.toString(), args.toArray());
    }

    record Select(String sql, Object[] args) {
    }
}
