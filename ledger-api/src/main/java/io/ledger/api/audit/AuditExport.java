package io.ledger.api.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledger.api.privacy.OpenedView;
import io.ledger.api.privacy.Sealing;
import io.ledger.audit.AccountStatement;
import io.ledger.audit.ExportFormat;
import io.ledger.messages.audit.AuditExportEntry;
import io.ledger.messages.audit.AuditExportPage;
import io.ledger.messages.audit.AuditExportPageQuery;
import io.ledger.messages.audit.AuditExportPlan;
import io.ledger.messages.audit.AuditFilter;
import io.ledger.messages.audit.CheckpointList;
import io.ledger.messages.audit.FindCheckpointsQuery;
import io.ledger.messages.audit.StartAuditExportQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Assembles an audit export from the read side's pages, in the file format {@code verify-export} reads
 * (io.ledger.audit.ExportFormat, docs/compliance.md): records, then the checkpoints covering them, then one proof per
 * record, then (for a signed account statement) the statement, then the manifest. The plan — the chain head the export
 * stops at — is fixed when the export is asked for, so records appended while it streams are not in it.
 */
@Component
public class AuditExport {

    private static final int PAGE = 1000;
    private static final int CHECKPOINTS_PER_QUERY = 500;

    private final QueryGateway queries;
    private final AuditSigningKey key;
    private final ObjectMapper json;
    private final Sealing sealing;

    AuditExport(QueryGateway queries, AuditSigningKey key, @Qualifier("defaultAxonObjectMapper") ObjectMapper json,
                Sealing sealing) {
        this.queries = queries;
        this.key = key;
        this.json = json;
        this.sealing = sealing;
    }

    /** An export fixed now and written when asked, to a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** The records the filter selects, as NDJSON or CSV ({@code format}). */
    public Body of(AuditFilter filter, String format) {
        AuditExportPlan plan = plan(filter);
        return out -> {
            try (ExportFormat writer = ExportFormat.of(format, out, json)) {
                write(writer, filter, plan, null);
            }
        };
    }

    /**
     * A signed account statement (issue 22): every audit record of the account, from its opening to now, so its events
     * run without a gap and the first after {@code to} fences the period, with a statement line giving the posted
     * balance at {@code from} and {@code to} and the postings between, as those records give them.
     */
    public Body statement(String accountId, Instant from, Instant to) {
        AuditFilter filter = new AuditFilter(null, null, accountId, null, null, null, null);
        AuditExportPlan plan = plan(filter);
        return out -> {
            try (ExportFormat writer = ExportFormat.of("ndjson", out, json)) {
                write(writer, filter, plan, new AccountStatement(accountId, from, to, json));
            }
        };
    }

    private void write(ExportFormat writer, AuditFilter filter, AuditExportPlan plan, AccountStatement statement)
            throws IOException {
        TreeSet<Long> checkpoints = new TreeSet<>();
        long count = 0;
        Long firstPosition = null;
        long lastPosition = 0;
        long firstSeq = 0;
        long lastSeq = 0;
        for (long after = 0; ; ) {
            AuditExportPage page = page(filter, after, plan);
            for (AuditExportEntry entry : page.entries()) {
                if (entry.proof() == null) {
                    throw new IllegalStateException("audit record " + entry.record().auditSeq() + " has no checkpoint");
                }
                writer.record(entry.record(), OpenedView.of(json, sealing, entry.record().payload(),
                        entry.record().metadata()));
                if (statement != null) {
                    statement.accept(entry.record());
                }
                checkpoints.add(entry.proof().checkpointSeq());
                count++;
                if (firstPosition == null) {
                    firstPosition = entry.record().globalPosition();
                    firstSeq = entry.record().auditSeq();
                }
                lastPosition = entry.record().globalPosition();
                lastSeq = entry.record().auditSeq();
            }
            if (page.last()) {
                break;
            }
            after = page.lastAuditSeq();
        }
        List<Long> ids = new ArrayList<>(checkpoints);
        for (int i = 0; i < ids.size(); i += CHECKPOINTS_PER_QUERY) {
            FindCheckpointsQuery query = new FindCheckpointsQuery(ids.subList(i, Math.min(ids.size(), i + CHECKPOINTS_PER_QUERY)));
            for (var checkpoint : query(query, CheckpointList.class).items()) {
                writer.checkpoint(checkpoint);
            }
        }
        for (long after = 0; ; ) {
            AuditExportPage page = page(filter, after, plan);
            for (AuditExportEntry entry : page.entries()) {
                writer.proof(entry.proof());
            }
            if (page.last()) {
                break;
            }
            after = page.lastAuditSeq();
        }
        if (statement != null) {
            writer.other(statement.line());
        }
        ObjectNode manifest = json.createObjectNode();
        manifest.put("type", "manifest");
        manifest.put("format", ExportFormat.VERSION);
        manifest.set("filters", json.valueToTree(filter));
        manifest.put("count", count);
        manifest.put("firstPosition", firstPosition);
        manifest.put("lastPosition", count == 0 ? null : lastPosition);
        manifest.put("firstAuditSeq", count == 0 ? null : firstSeq);
        manifest.put("lastAuditSeq", count == 0 ? null : lastSeq);
        manifest.put("chainHeadSeq", plan.maxAuditSeq());
        manifest.put("chainHead", plan.chainHead());
        manifest.put("keyId", key.keyId());
        manifest.put("exportedAt", Instant.now().toString());
        writer.other(manifest);
    }

    private AuditExportPlan plan(AuditFilter filter) {
        return query(new StartAuditExportQuery(filter), AuditExportPlan.class);
    }

    private AuditExportPage page(AuditFilter filter, long after, AuditExportPlan plan) {
        return query(new AuditExportPageQuery(filter, after, plan.maxAuditSeq(), PAGE), AuditExportPage.class);
    }

    private <R> R query(Object query, Class<R> type) {
        return queries.query(query, ResponseTypes.instanceOf(type)).join();
    }
}
