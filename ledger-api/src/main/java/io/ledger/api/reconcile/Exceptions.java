package io.ledger.api.reconcile;

import io.ledger.api.dispatch.CommandDispatch;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.Ids;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.common.Money;
import io.ledger.messages.payment.InitiatePaymentCommand;
import io.ledger.messages.payment.RequestFingerprint;
import io.ledger.messages.payout.BankResult;
import io.ledger.messages.payout.ReportBankResultCommand;
import io.ledger.messages.reconciliation.ReconciliationExceptionResolvedEvent;
import io.ledger.messages.reconciliation.SuspenseBookingProposedEvent;
import io.ledger.messages.reconciliation.SuspenseBookingRejectedEvent;
import io.ledger.query.support.Cursors;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reconciliation exceptions the back office works (issue 22, ADR 0028): matched by hand to ledger items, explained
 * (a balance difference), or booked to the suspense account — proposed by one back-office user, approved by another
 * (four eyes: never the proposer). Each decision is one transaction with its event in the audit chain; a booking is
 * the ledger's ordinary payment, with an id derived from the exception so that it is made once however often the
 * approval is retried.
 */
public class Exceptions {

    private static final Pattern SEQ = Pattern.compile("\\d{1,19}");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventBus events;
    private final Statements statements;
    private final CommandDispatch dispatch;

    Exceptions(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events, Statements statements,
               CommandDispatch dispatch) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.statements = statements;
        this.dispatch = dispatch;
    }

    /** An exception as shown. */
    public record ReconciliationException(String exceptionId, String statementId, Integer lineNo, String kind,
                                          long amount, String currency, String detail, String status,
                                          Instant raisedAt, String proposedBy, String proposedNote, Instant proposedAt,
                                          String resolution, List<String> ledgerItems, String resolvedBy,
                                          String approvedBy, Instant resolvedAt) {
    }

    public record Page(List<ReconciliationException> items, String nextCursor) {
    }

    /** Exceptions oldest first, by status (OPEN, PROPOSED, RESOLVED) and statement. */
    public Page list(String status, String statementId, String cursor, int limit) {
        long after = cursor == null ? 0 : Long.parseLong(Cursors.decode(cursor, SEQ));
        List<Long> seqs = new ArrayList<>();
        List<ReconciliationException> found = jdbc.query("""
                select * from reconciliation_exception
                 where seq > ? and (cast(? as varchar) is null or status = ?)
                   and (cast(? as varchar) is null or statement_id = ?)
                 order by seq limit ?""", (rs, row) -> {
            seqs.add(rs.getLong("seq"));
            return exception(rs, row);
        }, after, status, status, statementId, statementId, limit + 1);
        if (found.size() <= limit) {
            return new Page(found, null);
        }
        return new Page(found.subList(0, limit), Cursors.encode(Long.toString(seqs.get(limit - 1))));
    }

    public Optional<ReconciliationException> find(String exceptionId) {
        return jdbc.query("select * from reconciliation_exception where exception_id = ?", Exceptions::exception,
                exceptionId).stream().findFirst();
    }

    private static ReconciliationException exception(ResultSet rs, int row) throws SQLException {
        return new ReconciliationException(rs.getString("exception_id"), rs.getString("statement_id"),
                (Integer) rs.getObject("line_no"), rs.getString("kind"), rs.getLong("amount"), rs.getString("currency"),
                rs.getString("detail"), rs.getString("status"), instant(rs.getTimestamp("raised_at")),
                rs.getString("proposed_by"), rs.getString("proposed_note"), instant(rs.getTimestamp("proposed_at")),
                rs.getString("resolution"), Statements.texts(rs.getArray("ledger_items")), rs.getString("resolved_by"),
                rs.getString("approved_by"), instant(rs.getTimestamp("resolved_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * Resolves an exception by hand. A line's exception is matched to ledger items — payouts through the linked
     * clearing account (those still awaiting the bank are settled, as an automatic match would) or settled payments
     * into or out of it — which together make the line's amount within the link's tolerance and were reconciled with
     * no other line. A balance difference has no items: it is explained by the note.
     */
    public ReconciliationException resolve(String exceptionId, List<String> ledgerItems, String note, MetaData lineage) {
        ReconciliationException open = requireStatus(exceptionId, "OPEN");
        String by = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        List<String> items = List.copyOf(new LinkedHashSet<>(ledgerItems));
        if (open.lineNo() == null) {
            if (!items.isEmpty()) {
                throw invalid("a balance difference is explained by a note, not matched to ledger items");
            }
            if (note == null) {
                throw invalid("note is required: what explains the difference");
            }
            return decide(exceptionId, "OPEN", "EXPLAINED", items, note, by, null, null, lineage);
        }
        if (items.isEmpty()) {
            throw invalid("ledgerItems is required: the payouts or payments the line is");
        }
        Statements.Statement statement = statements.find(open.statementId()).orElseThrow();
        Statements.Link link = statements.findLink(statement.iban()).orElseThrow();
        Statements.Line line = statements.line(open.statementId(), open.lineNo()).orElseThrow();
        long sum = 0;
        List<String> toSettle = new ArrayList<>();
        for (String item : items) {
            Optional<String> reconciled = jdbc.query("select statement_id from reconciled_item where item_id = ?",
                    (rs, row) -> rs.getString(1), item).stream().findFirst();
            if (reconciled.isPresent()) {
                throw new LedgerException(ErrorCode.LEDGER_ITEM_ALREADY_RECONCILED,
                        "ledger item " + item + " is reconciled with another bank line already");
            }
            var payout = jdbc.queryForList("""
                    select amount, status from payout_view where payout_id = ? and clearing_account_id = ?""",
                    item, link.clearingAccountId());
            if (!payout.isEmpty()) {
                String status = (String) payout.get(0).get("status");
                if (!"DBIT".equals(line.direction()) || !List.of("INSTRUCTED", "OVERDUE", "SETTLED").contains(status)) {
                    throw invalid("payout " + item + " is " + status + " and cannot be the " + line.direction()
                            + " line");
                }
                if (!"SETTLED".equals(status)) {
                    toSettle.add(item);
                }
                sum += ((Number) payout.get(0).get("amount")).longValue();
                continue;
            }
            var payment = jdbc.queryForList("""
                    select amount from payment_view where payment_id = ? and status = 'SETTLED'
                       and ((cast(? as varchar) = 'CRDT' and debtor_account_id = ?)
                         or (cast(? as varchar) = 'DBIT' and creditor_account_id = ?))""",
                    item, line.direction(), link.clearingAccountId(), line.direction(), link.clearingAccountId());
            if (payment.isEmpty()) {
                throw invalid("ledger item " + item + " is no payout through " + link.clearingAccountId()
                        + " and no settled payment " + ("CRDT".equals(line.direction()) ? "from" : "to") + " it");
            }
            sum += ((Number) payment.get(0).get("amount")).longValue();
        }
        if (Math.abs(sum - line.amount()) > link.amountTolerance()) {
            throw new LedgerException(ErrorCode.MATCH_AMOUNT_MISMATCH, "the items add up to " + sum
                    + " minor units; the line is " + line.amount() + " (tolerance " + link.amountTolerance() + ")");
        }
        for (String payoutId : toSettle) {
            dispatch.send(new ReportBankResultCommand(payoutId, BankResult.ACCEPTED,
                    Statements.bankReference(line.bankReference(), statement.statementReference(), line.lineNo()),
                    null, by), lineage);
        }
        return decide(exceptionId, "OPEN", "MATCHED", items, note, by, null,
                toSettle.isEmpty() ? "NOTHING" : "PAYOUT_SETTLED", lineage);
    }

    /** Proposes to book the exception's line to the suspense account; a second user approves. */
    public ReconciliationException propose(String exceptionId, String note, MetaData lineage) {
        ReconciliationException open = requireStatus(exceptionId, "OPEN");
        if (open.lineNo() == null) {
            throw invalid("a balance difference is explained, not booked to suspense");
        }
        if (note == null) {
            throw invalid("note is required: why the line goes to suspense");
        }
        String by = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        Statements.Link link = linkOf(open);
        transaction.executeWithoutResult(status -> {
            if (jdbc.update("""
                    update reconciliation_exception set status = 'PROPOSED', proposed_by = ?, proposed_note = ?,
                           proposed_at = now() where exception_id = ? and status = 'OPEN'""", by, note, exceptionId) == 0) {
                throw notOpen(exceptionId);
            }
            events.publish(GenericEventMessage.asEventMessage(new SuspenseBookingProposedEvent(exceptionId,
                    link.suspenseAccountId(), note, by)).andMetaData(lineage));
        });
        return find(exceptionId).orElseThrow();
    }

    /**
     * Approves a proposed suspense booking, by a back-office user other than the proposer (FOUR_EYES_REQUIRED): the
     * line's amount is paid from the clearing account into suspense (money the bank received for no one known) or
     * from suspense into the clearing account (money the bank paid out for nothing the ledger sent).
     */
    public ReconciliationException approve(String exceptionId, MetaData lineage) {
        ReconciliationException proposed = requireStatus(exceptionId, "PROPOSED");
        String by = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        if (by.equals(proposed.proposedBy())) {
            throw new LedgerException(ErrorCode.FOUR_EYES_REQUIRED,
                    "a suspense booking is approved by a second back-office user, not by the one who proposed it");
        }
        Statements.Link link = linkOf(proposed);
        Statements.Line line = statements.line(proposed.statementId(), proposed.lineNo()).orElseThrow();
        boolean intoSuspense = "CRDT".equals(line.direction());
        String debtor = intoSuspense ? link.clearingAccountId() : link.suspenseAccountId();
        String creditor = intoSuspense ? link.suspenseAccountId() : link.clearingAccountId();
        Money amount = Money.ofMinor(line.amount(), proposed.currency());
        String key = "suspense:" + exceptionId;
        // The proposer's subject keys the payment: however often (and by whom) the approval is retried, it is one payment.
        String paymentId = Ids.paymentIdFor(proposed.proposedBy(), key);
        String remittance = "suspense for statement line " + line.location();
        dispatch.initiate(new InitiatePaymentCommand(paymentId, debtor, creditor, amount, remittance, key,
                RequestFingerprint.of(debtor, creditor, amount, remittance), by), lineage);
        return decide(exceptionId, "PROPOSED", "BOOKED_TO_SUSPENSE", List.of(paymentId), proposed.proposedNote(),
                proposed.proposedBy(), by, "SUSPENSE", lineage);
    }

    /** Refuses a proposed suspense booking: the exception is open again. */
    public ReconciliationException reject(String exceptionId, String note, MetaData lineage) {
        requireStatus(exceptionId, "PROPOSED");
        String by = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        transaction.executeWithoutResult(status -> {
            if (jdbc.update("""
                    update reconciliation_exception set status = 'OPEN', proposed_by = null, proposed_note = null,
                           proposed_at = null where exception_id = ? and status = 'PROPOSED'""", exceptionId) == 0) {
                throw notOpen(exceptionId);
            }
            events.publish(GenericEventMessage.asEventMessage(new SuspenseBookingRejectedEvent(exceptionId, note, by))
                    .andMetaData(lineage));
        });
        return find(exceptionId).orElseThrow();
    }

    private ReconciliationException decide(String exceptionId, String from, String resolution, List<String> items,
                                           String note, String resolvedBy, String approvedBy, String booked,
                                           MetaData lineage) {
        transaction.executeWithoutResult(status -> {
            ReconciliationException current = find(exceptionId).orElseThrow();
            int updated = jdbc.update("""
                    update reconciliation_exception set status = 'RESOLVED', resolution = ?, ledger_items = ?,
                           resolved_by = ?, approved_by = ?, resolved_at = now()
                     where exception_id = ? and status = ?""", resolution, items.toArray(String[]::new), resolvedBy,
                    approvedBy, exceptionId, from);
            if (updated == 0) {
                throw notOpen(exceptionId);
            }
            if (current.lineNo() != null) {
                for (String item : items) {
                    if (jdbc.update("insert into reconciled_item values (?, ?, ?) on conflict do nothing", item,
                            current.statementId(), current.lineNo()) == 0) {
                        throw new LedgerException(ErrorCode.LEDGER_ITEM_ALREADY_RECONCILED,
                                "ledger item " + item + " is reconciled with another bank line already");
                    }
                }
                statements.resolveLine(current.statementId(), current.lineNo(),
                        "MATCHED".equals(resolution) ? "MANUAL" : "SUSPENSE", items, booked,
                        approvedBy != null ? approvedBy : resolvedBy);
            }
            events.publish(GenericEventMessage.asEventMessage(new ReconciliationExceptionResolvedEvent(exceptionId,
                    resolution, items, note, resolvedBy, approvedBy)).andMetaData(lineage));
        });
        return find(exceptionId).orElseThrow();
    }

    private Statements.Link linkOf(ReconciliationException exception) {
        Statements.Statement statement = statements.find(exception.statementId()).orElseThrow();
        return statements.findLink(statement.iban()).orElseThrow();
    }

    private ReconciliationException requireStatus(String exceptionId, String status) {
        ReconciliationException found = find(exceptionId).orElseThrow(() -> new LedgerException(
                ErrorCode.RECONCILIATION_EXCEPTION_NOT_FOUND, "no reconciliation exception " + exceptionId));
        if (!status.equals(found.status())) {
            throw new LedgerException(ErrorCode.EXCEPTION_NOT_OPEN, "the exception is " + found.status()
                    + (status.equals("OPEN") ? "; only an OPEN one is resolved or proposed"
                    : "; only a PROPOSED suspense booking is approved or rejected"));
        }
        return found;
    }

    private static LedgerException notOpen(String exceptionId) {
        return new LedgerException(ErrorCode.EXCEPTION_NOT_OPEN,
                "exception " + exceptionId + " was decided by someone else meanwhile");
    }

    private static LedgerException invalid(String detail) {
        return new LedgerException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
