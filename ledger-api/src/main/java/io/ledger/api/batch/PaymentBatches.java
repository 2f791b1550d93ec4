package io.ledger.api.batch;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.ledger.messages.batch.PaymentBatchSubmittedEvent;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
import io.ledger.query.payment.Metadata;
import io.ledger.query.support.Cursors;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Payment batches (issue 20): a batch is stored with its items in one transaction, recorded in the audit chain
 * ({@link PaymentBatchSubmittedEvent}) and handed to {@link PaymentBatchRunner}, which sends each item's payment
 * command. What a batch and its items show is read here: an item's status is its refusal, or its payment's.
 */
public class PaymentBatches {

    public static final int MAX_ITEMS = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventBus events;
    private final java.util.function.Supplier<SchedulerClient> scheduler;

    public PaymentBatches(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events,
                          java.util.function.Supplier<SchedulerClient> scheduler) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.scheduler = scheduler;
    }

    /** One item as submitted: the payment command it stands for, or why it was refused at submission. */
    public record Item(String idempotencyKey, String paymentId, InitiatePaymentCommand command, ErrorCode refusal,
                       String detail) {

        public static Item accepted(String idempotencyKey, InitiatePaymentCommand command) {
            return new Item(idempotencyKey, command.paymentId(), command, null, null);
        }

        public static Item refused(String idempotencyKey, String paymentId, ErrorCode code, String detail) {
            return new Item(idempotencyKey, paymentId, null, code, detail);
        }

        String fingerprint() {
            return command != null ? command.requestFingerprint() : "refused:" + refusal.name();
        }
    }

    /** A batch as shown: how far its dispatch got and its items' statuses, counted. */
    public record Batch(String batchId, boolean atomic, String status, int itemCount, String submittedBy,
                        Instant submittedAt, Instant dispatchedAt, Map<String, Long> items) {
    }

    /** One item's result: its payment's status (or QUEUED, or REFUSED) and, where it failed, the reason code. */
    public record ItemResult(int itemNo, String idempotencyKey, String paymentId, String status, String reason,
                             String detail) {
    }

    public record ItemPage(List<ItemResult> items, String nextCursor) {
    }

    public record Submitted(String batchId, boolean replayed) {
    }

    /**
     * Stores the batch and its items, records it in the audit chain and schedules its dispatch, all in one
     * transaction. The same batch submitted again (same id, same items) is a replay; other items under the same id
     * are refused.
     */
    public Submitted submit(String batchId, boolean atomic, List<Item> items, Map<String, ?> lineage) {
        String principal = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        String fingerprint = RequestFingerprint.digest(items.stream()
                .map(item -> item.idempotencyKey() + ":" + item.fingerprint()).toArray(String[]::new));
        return transaction.execute(status -> {
            int inserted = jdbc.update("""
                    insert into payment_batch (batch_id, fingerprint, submitted_by, scopes, correlation_id, atomic,
                        item_count, status, submitted_at) values (?, ?, ?, ?, ?, ?, ?, 'DISPATCHING', now())
                    on conflict (batch_id) do nothing""", batchId, fingerprint, principal,
                    lineage.get(MetaDataKeys.SCOPES), lineage.get(MetaDataKeys.CORRELATION_ID), atomic, items.size());
            if (inserted == 0) {
                String stored = jdbc.queryForObject("select fingerprint from payment_batch where batch_id = ?",
                        String.class, batchId);
                if (!fingerprint.equals(stored)) {
                    throw new LedgerException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was already used for a different batch");
                }
                return new Submitted(batchId, true);
            }
            List<Object[]> rows = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                rows.add(row(batchId, i + 1, items.get(i)));
            }
            jdbc.batchUpdate("""
                    insert into payment_batch_item (batch_id, item_no, idempotency_key, payment_id, outcome, error_code,
                        detail, debtor_account_id, creditor_account_id, amount, currency, remittance_info, capture_mode,
                        expires_at, external_reference, metadata, fingerprint)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
            int refused = (int) items.stream().filter(item -> item.command() == null).count();
            // Published without a unit of work, the event is appended on this transaction's connection.
            events.publish(GenericEventMessage.asEventMessage(new PaymentBatchSubmittedEvent(batchId, atomic,
                    items.size(), refused, fingerprint, principal)).andMetaData(lineage));
            // The scheduler's data source joins this transaction: the dispatch exists if and only if the batch does.
            scheduler.get().schedule(PaymentBatchRunner.TASK.instance(batchId).scheduledTo(Instant.now()));
            return new Submitted(batchId, false);
        });
    }

    private Object[] row(String batchId, int itemNo, Item item) {
        InitiatePaymentCommand c = item.command();
        if (c == null) {
            return new Object[] {batchId, itemNo, item.idempotencyKey(), item.paymentId(), "REFUSED",
                    item.refusal().name(), truncate(item.detail()), null, null, null, null, null, null, null, null,
                    null, null};
        }
        return new Object[] {batchId, itemNo, item.idempotencyKey(), item.paymentId(), "QUEUED", null, null,
                c.debtorAccountId(), c.creditorAccountId(), c.amount().minorUnits(), c.amount().currency(),
                c.remittanceInfo(), c.captureMode().name(), c.expiresAt() == null ? null : Timestamp.from(c.expiresAt()),
                c.externalReference(), Metadata.toJson(c.metadata()), c.requestFingerprint()};
    }

    /** The next items still to be sent, oldest first, as the commands they stand for. */
    List<Queued> queued(String batchId, String initiatedBy, int limit) {
        return jdbc.query("""
                select * from payment_batch_item where batch_id = ? and outcome = 'QUEUED' order by item_no limit ?""",
                (rs, n) -> new Queued(rs.getInt("item_no"), command(rs, initiatedBy)), batchId, limit);
    }

    record Queued(int itemNo, InitiatePaymentCommand command) {
    }

    /** What the runner needs of a batch: who sent it, with which scopes, under which correlation id. */
    record Dispatch(String submittedBy, String scopes, String correlationId) {
    }

    Optional<Dispatch> dispatch(String batchId) {
        return jdbc.query("select submitted_by, scopes, correlation_id from payment_batch where batch_id = ?",
                (rs, n) -> new Dispatch(rs.getString(1), rs.getString(2), rs.getString(3)), batchId).stream().findFirst();
    }

    /** Records what became of sent items, forgetting their requests: their payments hold them now. */
    void record(String batchId, List<Outcome> outcomes) {
        jdbc.batchUpdate("""
                update payment_batch_item set outcome = ?, error_code = ?, detail = ?, remittance_info = null,
                       metadata = null where batch_id = ? and item_no = ?""",
                outcomes.stream().map(o -> new Object[] {o.refusal() == null ? "SUBMITTED" : "REFUSED",
                        o.refusal() == null ? null : o.refusal().name(), truncate(o.detail()), batchId, o.itemNo()})
                        .toList());
    }

    record Outcome(int itemNo, ErrorCode refusal, String detail) {
    }

    void dispatched(String batchId) {
        jdbc.update("update payment_batch set status = 'DISPATCHED', dispatched_at = now() where batch_id = ? "
                + "and status = 'DISPATCHING'", batchId);
    }

    public Optional<Batch> find(String batchId) {
        List<Batch> found = jdbc.query("select * from payment_batch where batch_id = ?", (rs, n) -> new Batch(
                rs.getString("batch_id"), rs.getBoolean("atomic"), rs.getString("status"), rs.getInt("item_count"),
                rs.getString("submitted_by"), instant(rs, "submitted_at"), instant(rs, "dispatched_at"), null), batchId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(STATUS_OF_ITEMS.formatted("select " + STATUS + " as status, count(*) as n") + " group by 1 order by 1",
                (ResultSet rs) -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                }, batchId);
        Batch batch = found.get(0);
        return Optional.of(new Batch(batch.batchId(), batch.atomic(), batch.status(), batch.itemCount(),
                batch.submittedBy(), batch.submittedAt(), batch.dispatchedAt(), counts));
    }

    /**
     * An item's status: QUEUED or REFUSED before it became a payment, else its payment's status as the read model
     * has it (PENDING until the payment is readable). Read across the item table and the payments' read model.
     */
    private static final String STATUS = """
            case when i.outcome = 'SUBMITTED' then coalesce(p.status, 'PENDING') else i.outcome end""";
    private static final String STATUS_OF_ITEMS = """
            %s from payment_batch_item i left join payment_view p on i.outcome = 'SUBMITTED' and p.payment_id = i.payment_id
             where i.batch_id = ?""";

    public ItemPage items(String batchId, String status, String cursor, int limit) {
        long after = Cursors.decodeLong(cursor, 0);
        StringBuilder sql = new StringBuilder(STATUS_OF_ITEMS.formatted("select i.item_no, i.idempotency_key, "
                + "i.payment_id, i.error_code, i.detail, p.rejection_reason, " + STATUS + " as status"))
                .append(" and i.item_no > ?");
        List<Object> args = new ArrayList<>(List.of(batchId, after));
        if (status != null) {
            sql.append(" and ").append(STATUS).append(" = ?");
            args.add(status);
        }
        sql.append(" order by i.item_no limit ?");
        args.add(limit + 1);
        List<ItemResult> rows = jdbc.query(sql.toString(), (rs, n) -> new ItemResult(rs.getInt("item_no"),
                rs.getString("idempotency_key"), rs.getString("payment_id"), rs.getString("status"),
                rs.getString("error_code") != null ? rs.getString("error_code") : rs.getString("rejection_reason"),
                rs.getString("detail")), args.toArray());
        String next = rows.size() > limit ? Cursors.encode(Integer.toString(rows.get(limit - 1).itemNo())) : null;
        return new ItemPage(rows.stream().limit(limit).toList(), next);
    }

    private InitiatePaymentCommand command(ResultSet rs, String initiatedBy) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        String metadata = rs.getString("metadata");
        return new InitiatePaymentCommand(rs.getString("payment_id"), rs.getString("debtor_account_id"),
                rs.getString("creditor_account_id"), Money.ofMinor(rs.getLong("amount"), rs.getString("currency")),
                rs.getString("remittance_info"), rs.getString("idempotency_key"), rs.getString("fingerprint"),
                initiatedBy, CaptureMode.valueOf(rs.getString("capture_mode")),
                expires == null ? null : expires.toInstant(), rs.getString("external_reference"),
                Metadata.fromJson(metadata));
    }

    private static String truncate(String detail) {
        return detail == null || detail.length() <= 300 ? detail : detail.substring(0, 297) + "...";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
