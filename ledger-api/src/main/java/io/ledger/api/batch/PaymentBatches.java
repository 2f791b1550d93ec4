package io.ledger.api.batch;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.ledger.messages.batch.PaymentBatchItemRefusedEvent;
import io.ledger.messages.batch.PaymentBatchSubmittedEvent;
import io.ledger.messages.batch.PaymentFileImportedEvent;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.CaptureMode;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
import io.ledger.messages.payout.Beneficiary;
import io.ledger.messages.payout.InitiatePayoutCommand;
import io.ledger.query.payment.Metadata;
import io.ledger.query.support.Cursors;
import io.ledger.api.risk.RiskRuleSets;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Payment batches (issue 20): a batch is stored with its items in one transaction, recorded in the audit chain
 * ({@link PaymentBatchSubmittedEvent}) and handed to {@link PaymentBatchRunner}, which sends each item's payment
 * command. What a batch and its items show is read here: an item's status is its refusal, or its payment's.
 */
public class PaymentBatches implements AtomicBatchItems {

    public static final int MAX_ITEMS = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TransactionTemplate readOnly;
    private final javax.sql.DataSource fileLocks;
    private final EventBus events;
    private final java.util.function.Supplier<SchedulerClient> scheduler;
    private final RiskRuleSets risk;
    private final SharedCounts<CountsOf, Map<String, Long>> itemCounts = new SharedCounts<>();

    public PaymentBatches(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events,
                          java.util.function.Supplier<SchedulerClient> scheduler, RiskRuleSets risk) {
        this.risk = risk;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.fileLocks = jdbc.getDataSource();
        this.events = events;
        this.scheduler = scheduler;
    }

    /**
     * One item as submitted: the payment (or, from a file, payout) command it stands for, or why it was refused at
     * submission. A file's item also says where it stands in the file and, from pain.001, its payment information
     * and end-to-end id, which its status report answers with.
     */
    public record Item(String idempotencyKey, String paymentId, InitiatePaymentCommand command,
                       InitiatePayoutCommand payout, ErrorCode refusal, String detail, String location, String group,
                       String externalReference) {

        public static Item accepted(String idempotencyKey, InitiatePaymentCommand command) {
            return new Item(idempotencyKey, command.paymentId(), command, null, null, null, null, null,
                    command.externalReference());
        }

        public static Item payout(String idempotencyKey, InitiatePayoutCommand payout) {
            return new Item(idempotencyKey, payout.payoutId(), null, payout, null, null, null, null, null);
        }

        public static Item refused(String idempotencyKey, String paymentId, ErrorCode code, String detail) {
            return new Item(idempotencyKey, paymentId, null, null, code, detail, null, null, null);
        }

        /** This item as read from a file: where it stands, its group and its end-to-end id. */
        public Item from(String location, String group, String endToEndId) {
            return new Item(idempotencyKey, paymentId, command, payout, refusal, detail, location, group, endToEndId);
        }

        String fingerprint() {
            return command != null ? command.requestFingerprint()
                    : payout != null ? payout.requestFingerprint() : "refused:" + refusal.name();
        }
    }

    /** A batch as shown: how far its dispatch got and its items' statuses, counted. */
    public record Batch(String batchId, boolean atomic, String status, int itemCount, String submittedBy,
                        Instant submittedAt, Instant dispatchedAt, Map<String, Long> items, FileFacts file,
                        Atomic outcome) {

        Batch with(Map<String, Long> counts, Atomic outcome) {
            return new Batch(batchId, atomic, status, itemCount, submittedBy, submittedAt, dispatchedAt, counts, file,
                    outcome);
        }
    }

    /**
     * What became of an atomic batch: PENDING until every item answered, then SETTLED (all) or FAILED (none), with
     * the first item that failed — or, when none did, the reason the batch failed (the window passed).
     */
    public record Atomic(String outcome, ItemResult firstFailure, String reason) {
    }

    /** What a batch read from a file adds: its format, message id, content hash and size (null while importing). */
    public record FileFacts(String format, String messageId, String contentHash, Long bytes) {
    }

    /**
     * One item's result: its payment's (or payout's) status, or QUEUED, REFUSED, CANCELLED, and where it failed, the
     * reason code. A file's item also names its place in the file, its group and its end-to-end id.
     */
    public record ItemResult(int itemNo, String idempotencyKey, String paymentId, String kind, String status,
                             String reason, String detail, String location, String group, String externalReference,
                             Long amount, String currency) {
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
        ItemsDigest digest = new ItemsDigest();
        items.forEach(digest::add);
        String fingerprint = digest.hex();
        return transaction.execute(status -> {
            int inserted = jdbc.update("""
                    insert into payment_batch (batch_id, fingerprint, submitted_by, scopes, correlation_id, atomic,
                        item_count, status, submitted_at, rule_set_version)
                    values (?, ?, ?, ?, ?, ?, ?, 'DISPATCHING', now(), ?)
                    on conflict (batch_id) do nothing""", batchId, fingerprint, principal,
                    lineage.get(MetaDataKeys.SCOPES), lineage.get(MetaDataKeys.CORRELATION_ID), atomic, items.size(),
                    risk.current());
            if (inserted == 0) {
                String stored = jdbc.queryForObject("select fingerprint from payment_batch where batch_id = ?",
                        String.class, batchId);
                if (!fingerprint.equals(stored)) {
                    throw new LedgerException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was already used for a different batch");
                }
                return new Submitted(batchId, true);
            }
            insertItems(batchId, 1, items);
            int refused = (int) items.stream().filter(item -> item.refusal() != null).count();
            // Published without a unit of work, the event is appended on this transaction's connection.
            events.publish(GenericEventMessage.asEventMessage(new PaymentBatchSubmittedEvent(batchId, atomic,
                    items.size(), refused, fingerprint, principal)).andMetaData(lineage));
            if (atomic && refused > 0) {
                // All or none, and one is refused already: none is sent.
                jdbc.update("""
                        update payment_batch set status = 'DISPATCHED', dispatched_at = now(), atomic_outcome = 'FAILED'
                         where batch_id = ?""", batchId);
                jdbc.update("""
                        update payment_batch_item set outcome = 'CANCELLED', remittance_info = null, metadata = null
                         where batch_id = ? and outcome = 'QUEUED'""", batchId);
            } else {
                if (atomic) {
                    jdbc.update("update payment_batch set atomic_outcome = 'PENDING' where batch_id = ?", batchId);
                }
                scheduleDispatch(batchId);
            }
            return new Submitted(batchId, false);
        });
    }

    /** The scheduler's data source joins the caller's transaction: the dispatch exists if and only if the batch does. */
    private void scheduleDispatch(String batchId) {
        scheduler.get().schedule(PaymentBatchRunner.TASK.instance(batchId).scheduledTo(Instant.now()));
    }

    private void insertItems(String batchId, int firstItemNo, List<Item> items) {
        List<Object[]> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rows.add(row(batchId, firstItemNo + i, items.get(i)));
        }
        jdbc.batchUpdate("""
                insert into payment_batch_item (batch_id, item_no, idempotency_key, payment_id, outcome, error_code,
                    detail, debtor_account_id, creditor_account_id, amount, currency, remittance_info, capture_mode,
                    expires_at, external_reference, metadata, fingerprint, kind, location, group_id, beneficiary_name,
                    beneficiary_iban, beneficiary_bic)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    private Object[] row(String batchId, int itemNo, Item item) {
        InitiatePaymentCommand c = item.command();
        InitiatePayoutCommand p = item.payout();
        String kind = p != null ? "PAYOUT" : "PAYMENT";
        Object[] place = {kind, truncate(item.location(), 64), truncate(item.group(), 64)};
        if (c != null) {
            return concat(new Object[] {batchId, itemNo, item.idempotencyKey(), item.paymentId(), "QUEUED", null, null,
                    c.debtorAccountId(), c.creditorAccountId(), c.amount().minorUnits(), c.amount().currency(),
                    c.remittanceInfo(), c.captureMode().name(),
                    c.expiresAt() == null ? null : Timestamp.from(c.expiresAt()), c.externalReference(),
                    Metadata.toJson(c.metadata()), c.requestFingerprint()}, place, new Object[] {null, null, null});
        }
        if (p != null) {
            return concat(new Object[] {batchId, itemNo, item.idempotencyKey(), item.paymentId(), "QUEUED", null, null,
                    p.debtorAccountId(), p.clearingAccountId(), p.amount().minorUnits(), p.amount().currency(),
                    p.remittanceInfo(), null, null, truncate(item.externalReference(), 64), null,
                    p.requestFingerprint()}, place,
                    new Object[] {p.beneficiary().name(), p.beneficiary().iban(), p.beneficiary().bic()});
        }
        return concat(new Object[] {batchId, itemNo, item.idempotencyKey(), item.paymentId(), "REFUSED",
                item.refusal().name(), truncate(item.detail(), 300), null, null, null, null, null, null, null,
                truncate(item.externalReference(), 64), null, null}, place, new Object[] {null, null, null});
    }

    private static Object[] concat(Object[]... parts) {
        List<Object> all = new ArrayList<>();
        for (Object[] part : parts) {
            all.addAll(java.util.Arrays.asList(part));
        }
        return all.toArray();
    }

    // ---- payment files: imported chunk by chunk under the file's lock, completed in one transaction ----

    /** A file as stored: its status and content hash (null while importing). */
    public record FileState(String status, String contentHash, String submittedBy) {
    }

    public Optional<FileState> fileState(String fileId) {
        return jdbc.query("select status, content_hash, submitted_by from payment_batch where batch_id = ?",
                (rs, n) -> new FileState(rs.getString(1), rs.getString(2), rs.getString(3)), fileId).stream().findFirst();
    }

    /**
     * Holds the file's lock, on a connection of its own, until closed: one import of a file at a time on any
     * instance. An import whose instance died let go of the lock with its connection; the next upload of the file
     * finds it IMPORTING and unlocked, and imports it again from the start.
     */
    public FileLock lockFile(String fileId, Duration wait) {
        return new FileLock(fileLocks, UUID.fromString(fileId).getMostSignificantBits(), wait);
    }

    /** Whether an import of the file is running on some instance: its lock is held. */
    public boolean importRunning(String fileId) {
        try (FileLock lock = FileLock.tryLock(fileLocks, UUID.fromString(fileId).getMostSignificantBits())) {
            return lock == null;
        }
    }

    /** Starts a file's import: its row shows IMPORTING, and its items as they are read. */
    public void beginFile(String fileId, String format, String messageId, Map<String, ?> lineage) {
        transaction.executeWithoutResult(status -> {
            discardImport(fileId);
            jdbc.update("""
                    insert into payment_batch (batch_id, submitted_by, scopes, correlation_id, atomic, item_count,
                        status, submitted_at, source, message_id, rule_set_version)
                    values (?, ?, ?, ?, false, 0, 'IMPORTING', now(), ?, ?, ?)""",
                    fileId, lineage.get(MetaDataKeys.PRINCIPAL), lineage.get(MetaDataKeys.SCOPES),
                    lineage.get(MetaDataKeys.CORRELATION_ID), format, messageId, risk.current());
        });
    }

    /** Stores the next items of a file being imported, numbered from {@code firstItemNo}. */
    public void addFileItems(String fileId, int firstItemNo, List<Item> items) {
        transaction.executeWithoutResult(status -> {
            insertItems(fileId, firstItemNo, items);
            jdbc.update("update payment_batch set item_count = ? where batch_id = ? and status = 'IMPORTING'",
                    firstItemNo - 1 + items.size(), fileId);
        });
    }

    /**
     * The whole file was read and agreed with its totals: it is recorded in the audit chain
     * ({@link PaymentFileImportedEvent}) and its dispatch scheduled, in one transaction.
     */
    public void completeFile(String fileId, String format, String messageId, String contentHash, long bytes,
                             String itemsDigest, Map<String, ?> lineage) {
        String principal = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        transaction.executeWithoutResult(status -> {
            Map<String, Object> counts = jdbc.queryForMap("""
                    select count(*) as items, count(*) filter (where outcome = 'REFUSED') as refused
                      from payment_batch_item where batch_id = ?""", fileId);
            int items = ((Number) counts.get("items")).intValue();
            int refused = ((Number) counts.get("refused")).intValue();
            jdbc.update("""
                    update payment_batch set status = 'DISPATCHING', fingerprint = ?, content_hash = ?, content_bytes = ?,
                           item_count = ? where batch_id = ? and status = 'IMPORTING'""",
                    itemsDigest, contentHash, bytes, items, fileId);
            events.publish(GenericEventMessage.asEventMessage(new PaymentFileImportedEvent(fileId, format, messageId,
                    contentHash, bytes, items, refused, itemsDigest, principal)).andMetaData(lineage));
            scheduleDispatch(fileId);
        });
    }

    /** A file refused whole: nothing of it stays (none of its items was sent; they are sent once it completes). */
    public void discardFile(String fileId) {
        transaction.executeWithoutResult(status -> discardImport(fileId));
    }

    /** Removes an import that did not complete; a completed file is never touched. */
    private void discardImport(String fileId) {
        jdbc.update("""
                delete from payment_batch_item i using payment_batch b
                 where i.batch_id = ? and b.batch_id = i.batch_id and b.status = 'IMPORTING'""", fileId);
        jdbc.update("delete from payment_batch where batch_id = ? and status = 'IMPORTING'", fileId);
    }

    /**
     * Stops a batch's dispatch: the items not yet sent are CANCELLED and never sent. Items already on their way
     * finish (their outcome is recorded as sent). False when the batch is no longer dispatching.
     *
     * <p>Only the batch's row changes, so a million queued items cancel as fast as ten: an item still QUEUED in a
     * cancelled batch reads as CANCELLED, and the dispatch rewrites them (forgetting their requests) chunk by chunk
     * afterwards ({@link #purgeUnsent}). The batch's row is the lock {@link #claim} takes too: what a claim took
     * before the cancel is sent, nothing after it.
     */
    public boolean cancel(String batchId) {
        return jdbc.update("""
                update payment_batch set status = 'CANCELLED', dispatched_at = now()
                 where batch_id = ? and status = 'DISPATCHING'""", batchId) > 0;
    }

    /**
     * Once the dispatch stopped (the batch was cancelled, or it is atomic and failed), rewrites the items it will
     * never send as CANCELLED, forgetting their requests, {@value #PURGE_CHUNK} at a time so that no transaction holds a million rows. Returns how many.
     */
    int purgeUnsent(String batchId) {
        Integer items = jdbc.queryForObject("select item_count from payment_batch where batch_id = ?", Integer.class,
                batchId);
        int purged = 0;
        // By ranges of the key, not "the next QUEUED": each chunk reads only its own rows, never the ones rewritten
        // before it (dead until vacuumed).
        for (int from = 0; from < items; from += PURGE_CHUNK) {
            purged += jdbc.update("""
                    update payment_batch_item set outcome = 'CANCELLED', remittance_info = null, metadata = null,
                           beneficiary_name = null, beneficiary_iban = null, beneficiary_bic = null
                     where batch_id = ? and item_no > ? and item_no <= ? and outcome = 'QUEUED'""",
                    batchId, from, from + PURGE_CHUNK);
        }
        return purged;
    }

    static final int PURGE_CHUNK = 10_000;

    /**
     * Claims the next items after {@code after} to send, oldest first, as the commands they stand for: they become SENDING, so a
     * cancellation leaves them be (they are on their way) and the report never calls a sent item cancelled. Items
     * left SENDING by an instance that died are claimed again; sent twice, they answer as replays.
     */
    List<Queued> claim(String batchId, String initiatedBy, int after, int limit) {
        return transaction.execute(status -> {
            // Shares the batch's row with other claims: a cancel waits for this claim, and a claim after it sees it.
            List<Map<String, Object>> batch = jdbc.queryForList(
                    "select status, rule_set_version from payment_batch where batch_id = ? for share", batchId);
            boolean sending = !batch.isEmpty() && "DISPATCHING".equals(batch.get(0).get("status"));
            // Judged by the risk policy in force when the batch arrived (null: from before it was stamped).
            Integer version = batch.isEmpty() ? null : (Integer) batch.get(0).get("rule_set_version");
            // A stopped batch still finishes what a dead instance had claimed: it was on its way.
            String claimable = sending ? "('QUEUED', 'SENDING')" : "('SENDING')";
            // Two statements, each with one plan whatever the statistics say: the next item numbers from the index,
            // then an update by a range of the primary key. As one statement (update ... from (select ... limit)) a
            // generic plan estimating one row joined the million rows of a large file against the sub-select: 83 s.
            List<Integer> next = jdbc.queryForList("""
                    select item_no from payment_batch_item where batch_id = ? and item_no > ? and outcome in %s
                     order by item_no limit ?""".formatted(claimable), Integer.class, batchId, after, limit);
            if (next.isEmpty()) {
                return List.<Queued>of();
            }
            List<Queued> claimed = new ArrayList<>(jdbc.query("""
                    update payment_batch_item set outcome = 'SENDING'
                     where batch_id = ? and item_no > ? and item_no <= ? and outcome in %s
                    returning *""".formatted(claimable),
                    (rs, n) -> "PAYOUT".equals(rs.getString("kind"))
                            ? new Queued(rs.getInt("item_no"), null, judged(payout(rs, initiatedBy), version))
                            : new Queued(rs.getInt("item_no"), judged(command(rs, initiatedBy), version), null),
                    batchId, after, next.get(next.size() - 1)));
            claimed.sort(java.util.Comparator.comparingInt(Queued::itemNo));
            return claimed;
        });
    }

    record Queued(int itemNo, InitiatePaymentCommand command, InitiatePayoutCommand payout) {

        String paymentId() {
            return command != null ? command.paymentId() : payout.payoutId();
        }
    }

    /** What the runner needs of a batch: who sent it, with which scopes, under which correlation id. */
    record Dispatch(String submittedBy, String scopes, String correlationId, String source, boolean atomic) {
    }

    Optional<Dispatch> dispatch(String batchId) {
        return jdbc.query("""
                select submitted_by, scopes, correlation_id, source, atomic from payment_batch where batch_id = ?""",
                (rs, n) -> new Dispatch(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)), batchId).stream().findFirst();
    }

    /**
     * Whether an atomic batch failed (an item was refused when sent, or its saga decided so): it sends nothing more,
     * and its items not yet sent are CANCELLED ({@link #purgeUnsent}).
     */
    boolean stopIfFailed(String batchId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                select atomic_outcome = 'FAILED' or exists (select 1 from payment_batch_item
                        where batch_id = ? and outcome = 'REFUSED')
                  from payment_batch where batch_id = ?""", Boolean.class, batchId, batchId));
    }

    /** Tells an atomic batch's saga that an item was refused when sent: the batch cannot settle whole. */
    void refusedInAtomicBatch(String batchId, Outcome refused, String paymentId, Map<String, ?> lineage) {
        events.publish(GenericEventMessage.asEventMessage(new PaymentBatchItemRefusedEvent(batchId, refused.itemNo(),
                paymentId, refused.refusal().name())).andMetaData(lineage));
    }

    /** Records what became of sent items, forgetting their requests: their payments hold them now. */
    void record(String batchId, List<Outcome> outcomes) {
        jdbc.batchUpdate("""
                update payment_batch_item set outcome = ?, error_code = ?, detail = ?, remittance_info = null,
                       metadata = null, beneficiary_name = null, beneficiary_iban = null, beneficiary_bic = null
                 where batch_id = ? and item_no = ?""",
                outcomes.stream().map(o -> new Object[] {o.refusal() == null ? "SUBMITTED" : "REFUSED",
                        o.refusal() == null ? null : o.refusal().name(), truncate(o.detail(), 300), batchId,
                        o.itemNo()}).toList());
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
                rs.getString("submitted_by"), instant(rs, "submitted_at"), instant(rs, "dispatched_at"), null,
                "API".equals(rs.getString("source")) ? null : new FileFacts(rs.getString("source"),
                        rs.getString("message_id"), rs.getString("content_hash"),
                        (Long) rs.getObject("content_bytes", Long.class)),
                rs.getString("atomic_outcome") == null ? null
                        : new Atomic(rs.getString("atomic_outcome"), null, rs.getString("atomic_reason"))), batchId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Batch batch = found.get(0);
        // Keyed by what of the batch row the counting reads too: a cancelled or failed batch's queued items count as
        // CANCELLED, so a count made before the cancel must not answer after it.
        Map<String, Long> counts = itemCounts.get(new CountsOf(batchId, batch.status(),
                batch.outcome() == null ? null : batch.outcome().outcome()), () -> countItems(batchId));
        Atomic atomic = batch.outcome();
        if (atomic != null && "FAILED".equals(atomic.outcome())) {
            List<ItemResult> first = jdbc.query(STATUS_OF_ITEMS.formatted(ITEM_COLUMNS) + " and " + STATUS
                    + " in ('REFUSED', 'REJECTED', 'EXPIRED') order by i.item_no limit 1", (rs, n) -> itemResult(rs),
                    batchId);
            atomic = new Atomic(atomic.outcome(), first.isEmpty() ? null : first.get(0), atomic.reason());
        }
        return Optional.of(batch.with(counts, atomic));
    }

    /** A batch's counts as of the batch row's status and atomic outcome, which decide how queued items count. */
    private record CountsOf(String batchId, String status, String atomicOutcome) {
    }

    /** The batch's items by status; counted for everyone asking at once, and reused briefly when slow (SharedCounts). */
    private Map<String, Long> countItems(String batchId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(STATUS_OF_ITEMS.formatted("select " + STATUS + " as status, count(*) as n") + " group by 1 order by 1",
                (ResultSet rs) -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                }, batchId);
        return java.util.Collections.unmodifiableMap(counts);
    }

    /**
     * An item's status: QUEUED, REFUSED or CANCELLED before it became a payment (QUEUED in a batch that was
     * cancelled or failed reads CANCELLED), PENDING while it is being sent,
     * else its payment's (or payout's) status as the read model has it (PENDING until readable). Read across the item
     * table and the read models: a sent item looks its payment up by key (a lateral lookup, gated by the item's
     * outcome), so the plan is one scan of the batch's items however many payments the read model holds and
     * whatever its statistics say (autovacuum may be off; a join chosen on stale statistics once took over 40 s
     * for a million items).
     */
    private static final String STATUS = """
            case when i.outcome = 'SUBMITTED' then coalesce(p.status, o.status, 'PENDING')
                 when i.outcome = 'SENDING' then 'PENDING'
                 when i.outcome = 'QUEUED' and (b.status = 'CANCELLED' or b.atomic_outcome = 'FAILED') then 'CANCELLED'
                 else i.outcome end""";
    private static final String STATUS_OF_ITEMS = """
            %s from payment_batch_item i
              join payment_batch b on b.batch_id = i.batch_id
              left join lateral (select status, rejection_reason from payment_view p where i.outcome = 'SUBMITTED'
                                    and i.kind = 'PAYMENT' and p.payment_id = i.payment_id limit 1) p on true
              left join lateral (select status, rejection_reason from payout_view o where i.outcome = 'SUBMITTED'
                                    and i.kind = 'PAYOUT' and o.payout_id = i.payment_id limit 1) o on true
             where i.batch_id = ?""";
    private static final String ITEM_COLUMNS = "select i.item_no, i.idempotency_key, i.payment_id, i.kind, "
            + "i.error_code, i.detail, i.location, i.group_id, i.external_reference, i.amount, i.currency, "
            + "coalesce(p.rejection_reason, o.rejection_reason) as rejection_reason, " + STATUS + " as status";

    // ---- atomic batches: what the saga reads and records ----

    @Override
    public List<String> paymentIds(String batchId) {
        return jdbc.queryForList("select payment_id from payment_batch_item where batch_id = ? order by item_no",
                String.class, batchId);
    }

    @Override
    public int cancelledItems(String batchId) {
        return jdbc.queryForObject(STATUS_OF_ITEMS.formatted("select count(*)") + " and " + STATUS + " = 'CANCELLED'",
                Integer.class, batchId);
    }

    /** The saga's decision, recorded in its own transaction with its state. */
    @Override
    public void atomicOutcome(String batchId, String outcome, String reason) {
        jdbc.update("update payment_batch set atomic_outcome = ?, atomic_reason = ? where batch_id = ?", outcome, reason,
                batchId);
    }

    /** Which of these payments are items of an atomic batch (AtomicBatchEventFilter: only they concern its saga). */
    public Set<String> inAtomicBatches(Collection<String> paymentIds) {
        if (paymentIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement("""
                    select i.payment_id from payment_batch_item i join payment_batch b on b.batch_id = i.batch_id
                     where i.payment_id = any (?) and b.atomic""");
            statement.setArray(1, connection.createArrayOf("text", paymentIds.toArray()));
            return statement;
        }, (rs, row) -> rs.getString(1)));
    }

    /** Whether the payment is an item of an atomic batch: only the batch may capture or void it. */
    public boolean inAtomicBatch(String paymentId) {
        return !inAtomicBatches(List.of(paymentId)).isEmpty();
    }

    public ItemPage items(String batchId, String status, String cursor, int limit) {
        long after = Cursors.decodeLong(cursor, 0);
        StringBuilder sql = new StringBuilder(STATUS_OF_ITEMS.formatted(ITEM_COLUMNS)).append(" and i.item_no > ?");
        List<Object> args = new ArrayList<>(List.of(batchId, after));
        if (status != null) {
            sql.append(" and ").append(STATUS).append(" = ?");
            args.add(status);
        }
        sql.append(" order by i.item_no limit ?");
        args.add(limit + 1);
        List<ItemResult> rows = jdbc.query(sql.toString(), (rs, n) -> itemResult(rs), args.toArray());
        String next = rows.size() > limit ? Cursors.encode(Integer.toString(rows.get(limit - 1).itemNo())) : null;
        return new ItemPage(rows.stream().limit(limit).toList(), next);
    }

    /** Every item of a batch in order, streamed from the database (a file's status report: any size). */
    public void eachItem(String batchId, Consumer<ItemResult> each) {
        readOnly.executeWithoutResult(status -> {
            JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
            streaming.setFetchSize(1_000);
            streaming.query(STATUS_OF_ITEMS.formatted(ITEM_COLUMNS) + " order by i.item_no",
                    (ResultSet rs) -> {
                        each.accept(itemResult(rs));
                    }, batchId);
        });
    }

    private static ItemResult itemResult(ResultSet rs) throws SQLException {
        return new ItemResult(rs.getInt("item_no"), rs.getString("idempotency_key"), rs.getString("payment_id"),
                rs.getString("kind"), rs.getString("status"),
                rs.getString("error_code") != null ? rs.getString("error_code") : rs.getString("rejection_reason"),
                rs.getString("detail"), rs.getString("location"), rs.getString("group_id"),
                rs.getString("external_reference"), (Long) rs.getObject("amount", Long.class), rs.getString("currency"));
    }

    private static InitiatePaymentCommand judged(InitiatePaymentCommand command, Integer version) {
        return version == null ? command : command.judgedBy(version);
    }

    private static InitiatePayoutCommand judged(InitiatePayoutCommand command, Integer version) {
        return version == null ? command : command.judgedBy(version);
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

    private InitiatePayoutCommand payout(ResultSet rs, String initiatedBy) throws SQLException {
        return new InitiatePayoutCommand(rs.getString("payment_id"), rs.getString("debtor_account_id"),
                rs.getString("creditor_account_id"), Money.ofMinor(rs.getLong("amount"), rs.getString("currency")),
                new Beneficiary(rs.getString("beneficiary_name"), rs.getString("beneficiary_iban"),
                        rs.getString("beneficiary_bic")),
                rs.getString("remittance_info"), rs.getString("idempotency_key"), rs.getString("fingerprint"),
                initiatedBy);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    /**
     * SHA-256 over the items' keys and request fingerprints, in order, as {@link RequestFingerprint#digest} would
     * give over them all at once: a file's items are digested as they are read.
     */
    public static final class ItemsDigest {
        private final MessageDigest sha256;
        private boolean first = true;

        public ItemsDigest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public void add(Item item) {
            if (!first) {
                sha256.update((byte) 0);
            }
            first = false;
            sha256.update((item.idempotencyKey() + ":" + item.fingerprint()).getBytes(StandardCharsets.UTF_8));
        }

        public String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
