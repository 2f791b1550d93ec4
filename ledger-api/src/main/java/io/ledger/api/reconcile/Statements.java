package io.ledger.api.reconcile;

import io.ledger.api.privacy.Masking;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import io.ledger.messages.common.MetaDataKeys;
import io.ledger.messages.reconciliation.BankAccountLinkedEvent;
import io.ledger.messages.reconciliation.BankStatementImportedEvent;
import io.ledger.messages.reconciliation.ReconciliationExceptionRaisedEvent;
import io.ledger.messages.reconciliation.StatementLineReconciledEvent;
import io.ledger.query.support.Cursors;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The bank lane's reconciliation state (issue 22, ADR 0028): linked bank accounts, statements and their lines, each
 * line's decision. Each change is one transaction with the event that records it in the audit chain.
 */
public class Statements {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final EventBus events;
    private final Supplier<SchedulerClient> scheduler;

    Statements(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventBus events,
               Supplier<SchedulerClient> scheduler) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.events = events;
        this.scheduler = scheduler;
    }

    /** A bank account of the house linked to its clearing account, with its suspense account and tolerances. */
    public record Link(String iban, String currency, String clearingAccountId, String suspenseAccountId,
                       long amountTolerance, int dateWindowDays, String linkedBy, Instant linkedAt) {
    }

    /** A statement as shown. ledgerBalance and difference are the balance check's, null until it could be made. */
    public record Statement(String statementId, String iban, String format, String messageId,
                            String statementReference, String currency, String contentHash, long bytes, int lineCount,
                            Long openingBalance, Long closingBalance, Instant closingAt, String status,
                            String importedBy, Instant importedAt, Instant reconciledAt, String correlationId,
                            String scopes) {
    }

    /** One line as shown: the counterparty masked, no remittance text. */
    public record Line(int lineNo, String location, String entryReference, String bankReference, String direction,
                       long amount, LocalDate bookingDate, LocalDate valueDate, List<String> endToEndIds,
                       String counterparty, String returnReason, boolean reversal, String outcome, String rule,
                       String strategy, List<String> ledgerItems, String booked, String decidedBy, Instant decidedAt) {

        long signedAmount() {
            return "CRDT".equals(direction) ? amount : -amount;
        }
    }

    public record Imported(String statementId, boolean replayed) {
    }

    // ---- links

    public Link link(Link link, MetaData lineage) {
        return transaction.execute(status -> {
            int inserted = jdbc.update("""
                    insert into bank_account_link (iban, currency, clearing_account_id, suspense_account_id,
                        amount_tolerance, date_window_days, linked_by, linked_at)
                    values (?, ?, ?, ?, ?, ?, ?, now()) on conflict do nothing""", link.iban(), link.currency(),
                    link.clearingAccountId(), link.suspenseAccountId(), link.amountTolerance(), link.dateWindowDays(),
                    link.linkedBy());
            if (inserted == 0) {
                throw new LedgerException(ErrorCode.BANK_ACCOUNT_ALREADY_LINKED,
                        "the IBAN or the clearing account is linked already");
            }
            events.publish(GenericEventMessage.asEventMessage(new BankAccountLinkedEvent(link.iban(), link.currency(),
                    link.clearingAccountId(), link.suspenseAccountId(), link.amountTolerance(), link.dateWindowDays(),
                    link.linkedBy())).andMetaData(lineage));
            return findLink(link.iban()).orElseThrow();
        });
    }

    public Optional<Link> findLink(String iban) {
        return jdbc.query("select * from bank_account_link where iban = ?", Statements::link, iban).stream().findFirst();
    }

    public List<Link> links() {
        return jdbc.query("select * from bank_account_link order by iban", Statements::link);
    }

    private static Link link(ResultSet rs, int row) throws SQLException {
        return new Link(rs.getString("iban"), rs.getString("currency"), rs.getString("clearing_account_id"),
                rs.getString("suspense_account_id"), rs.getLong("amount_tolerance"), rs.getInt("date_window_days"),
                rs.getString("linked_by"), rs.getTimestamp("linked_at").toInstant());
    }

    // ---- statements

    /**
     * Stores a statement read whole, with its lines, records it in the audit chain and schedules its reconciliation,
     * in one transaction. The same statement again (same id, same bytes) answers the first; the same id with other
     * bytes is refused.
     */
    public Imported store(String statementId, ParsedStatement parsed, String contentHash, long bytes,
                          MetaData lineage) {
        String principal = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        return transaction.execute(status -> {
            int inserted = jdbc.update("""
                    insert into bank_statement (statement_id, iban, format, message_id, statement_reference, currency,
                        content_hash, content_bytes, line_count, opening_balance, closing_balance, closing_at, status,
                        imported_by, scopes, correlation_id, imported_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'RECONCILING', ?, ?, ?, now())
                    on conflict (statement_id) do nothing""", statementId, parsed.iban(), parsed.format(),
                    parsed.messageId(), parsed.statementReference(), parsed.currency(), contentHash, bytes,
                    parsed.lines().size(), parsed.openingBalance(), parsed.closingBalance(),
                    parsed.closingAt() == null ? null : Timestamp.from(parsed.closingAt()), principal,
                    lineage.get(MetaDataKeys.SCOPES), lineage.get(MetaDataKeys.CORRELATION_ID));
            if (inserted == 0) {
                String stored = jdbc.queryForObject("select content_hash from bank_statement where statement_id = ?",
                        String.class, statementId);
                if (!contentHash.equals(stored)) {
                    throw new LedgerException(ErrorCode.BANK_STATEMENT_CONFLICT, "statement "
                            + parsed.statementReference() + " of this account was imported already with other content");
                }
                return new Imported(statementId, true);
            }
            jdbc.batchUpdate("""
                    insert into bank_statement_line (statement_id, line_no, location, entry_reference, bank_reference,
                        direction, amount, booking_date, value_date, end_to_end_ids, counterparty_iban,
                        counterparty_shown, remittance_info, return_reason, reversal, outcome)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')""", parsed.lines(), 1_000,
                    (ps, line) -> {
                        ps.setString(1, statementId);
                        ps.setInt(2, line.lineNo());
                        ps.setString(3, line.location());
                        ps.setString(4, line.entryReference());
                        ps.setString(5, line.bankReference());
                        ps.setString(6, line.direction());
                        ps.setLong(7, line.amount());
                        ps.setObject(8, line.bookingDate());
                        ps.setObject(9, line.valueDate());
                        ps.setArray(10, ps.getConnection().createArrayOf("text", line.endToEndIds().toArray()));
                        ps.setString(11, line.counterpartyIban());
                        ps.setString(12, line.counterpartyIban() == null ? null : Masking.iban(line.counterpartyIban()));
                        ps.setString(13, line.remittance());
                        ps.setString(14, line.returnReason());
                        ps.setBoolean(15, line.reversal());
                    });
            events.publish(GenericEventMessage.asEventMessage(new BankStatementImportedEvent(statementId,
                    parsed.format(), parsed.messageId(), parsed.statementReference(), parsed.iban(), parsed.currency(),
                    contentHash, bytes, parsed.lines().size(), parsed.openingBalance(), parsed.closingBalance(),
                    parsed.closingAt(), linesDigest(parsed), principal)).andMetaData(lineage));
            // The scheduler's data source joins this transaction: the reconciliation exists if and only if the statement does.
            scheduler.get().schedule(Reconciler.TASK.instance(statementId).scheduledTo(Instant.now()));
            return new Imported(statementId, false);
        });
    }

    /**
     * The bank's reference a payout settled by a statement line records: the line's own, else the line's place in the
     * statement (at most 64 characters).
     */
    static String bankReference(String lineReference, String statementReference, int lineNo) {
        if (lineReference != null) {
            return lineReference;
        }
        String place = statementReference + "/" + lineNo;
        return place.length() <= 64 ? place : place.substring(0, 64);
    }

    private static String linesDigest(ParsedStatement parsed) {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (ParsedStatement.Line line : parsed.lines()) {
            String canonical = String.join("\u0000", Integer.toString(line.lineNo()), line.direction(),
                    Long.toString(line.amount()), String.valueOf(line.valueDate()), String.valueOf(line.bankReference()),
                    String.join(",", line.endToEndIds()), String.valueOf(line.returnReason()), "\n");
            digest.update(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public Optional<Statement> find(String statementId) {
        return jdbc.query("select * from bank_statement where statement_id = ?", Statements::statement, statementId)
                .stream().findFirst();
    }

    /** Statements newest first, a page at a time (the cursor is the last one's sequence number). */
    public List<Statement> list(String iban, String cursor, int limit) {
        long before = cursor == null ? Long.MAX_VALUE : Long.parseLong(Cursors.decode(cursor, java.util.regex.Pattern.compile("\\d{1,19}")));
        return jdbc.query("""
                select * from bank_statement where seq < ? and (cast(? as varchar) is null or iban = ?)
                 order by seq desc limit ?""", Statements::statement, before, iban, iban, limit + 1);
    }

    /** The cursor after a statement of a page. */
    public String cursorAfter(String statementId) {
        Long seq = jdbc.queryForObject("select seq from bank_statement where statement_id = ?", Long.class, statementId);
        return Cursors.encode(Long.toString(seq));
    }

    private static Statement statement(ResultSet rs, int row) throws SQLException {
        Timestamp closingAt = rs.getTimestamp("closing_at");
        Timestamp reconciledAt = rs.getTimestamp("reconciled_at");
        return new Statement(rs.getString("statement_id"), rs.getString("iban"), rs.getString("format"),
                rs.getString("message_id"), rs.getString("statement_reference"), rs.getString("currency"),
                rs.getString("content_hash"), rs.getLong("content_bytes"), rs.getInt("line_count"),
                (Long) rs.getObject("opening_balance"), (Long) rs.getObject("closing_balance"),
                closingAt == null ? null : closingAt.toInstant(), rs.getString("status"), rs.getString("imported_by"),
                rs.getTimestamp("imported_at").toInstant(), reconciledAt == null ? null : reconciledAt.toInstant(),
                rs.getString("correlation_id"), rs.getString("scopes"));
    }

    public List<Line> lines(String statementId) {
        return jdbc.query("select * from bank_statement_line where statement_id = ? order by line_no",
                Statements::line, statementId);
    }

    public Optional<Line> line(String statementId, int lineNo) {
        return jdbc.query("select * from bank_statement_line where statement_id = ? and line_no = ?",
                Statements::line, statementId, lineNo).stream().findFirst();
    }

    private static Line line(ResultSet rs, int row) throws SQLException {
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        return new Line(rs.getInt("line_no"), rs.getString("location"), rs.getString("entry_reference"),
                rs.getString("bank_reference"), rs.getString("direction"), rs.getLong("amount"),
                rs.getObject("booking_date", LocalDate.class), rs.getObject("value_date", LocalDate.class),
                texts(rs.getArray("end_to_end_ids")), rs.getString("counterparty_shown"), rs.getString("return_reason"),
                rs.getBoolean("reversal"), rs.getString("outcome"), rs.getString("rule"), rs.getString("strategy"),
                texts(rs.getArray("ledger_items")), rs.getString("booked"), rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant());
    }

    static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** The lines still to decide, as the matching reads them: with the counterparty and remittance in clear. */
    List<ParsedStatement.Line> pending(String statementId) {
        return jdbc.query("""
                select * from bank_statement_line where statement_id = ? and outcome = 'PENDING' order by line_no""",
                (rs, row) -> new ParsedStatement.Line(rs.getInt("line_no"), rs.getString("location"),
                        rs.getString("entry_reference"), rs.getString("bank_reference"), rs.getString("direction"),
                        rs.getLong("amount"), rs.getObject("booking_date", LocalDate.class),
                        rs.getObject("value_date", LocalDate.class), texts(rs.getArray("end_to_end_ids")),
                        rs.getString("counterparty_iban"), rs.getString("remittance_info"),
                        rs.getString("return_reason"), rs.getBoolean("reversal")), statementId);
    }

    /**
     * Records the lines' decision: reconciled with its items (each taken once), or an exception raised. Lines already
     * decided (a run that died after recording) are left as they are. False when the items were taken meanwhile.
     */
    boolean record(String statementId, Matcher.Decision decision, List<String> items, String currency, long amount,
                   MetaData lineage) {
        String principal = (String) lineage.get(MetaDataKeys.PRINCIPAL);
        return Boolean.TRUE.equals(transaction.execute(status -> {
            Integer[] lineNos = decision.lineNos().toArray(Integer[]::new);
            // PostgreSQL's driver binds a Java array as an SQL array.
            int updated = jdbc.update("""
                    update bank_statement_line set outcome = ?, rule = ?, strategy = ?, ledger_items = ?, booked = ?,
                           decided_by = ?, decided_at = now(), counterparty_iban = null, remittance_info = null
                     where statement_id = ? and line_no = any (?) and outcome = 'PENDING'""",
                    decision.isException() ? "EXCEPTION" : "RECONCILED", decision.rule(), decision.strategy(),
                    items.toArray(String[]::new), decision.isException() ? null : decision.booked(), principal,
                    statementId, lineNos);
            if (updated == 0) {
                return true;
            }
            if (decision.isException()) {
                raise(statementId, decision.lineNos().get(0), decision.exceptionKind(), amount, currency,
                        decision.detail(), lineage);
                return true;
            }
            // A duplicate of a line reconciled before names that line's items, which stay that line's.
            for (String item : "DUPLICATE".equals(decision.rule()) ? List.<String>of() : items) {
                if (jdbc.update("insert into reconciled_item values (?, ?, ?) on conflict do nothing", item,
                        statementId, decision.lineNos().get(0)) == 0) {
                    status.setRollbackOnly();
                    return false;
                }
            }
            for (int lineNo : decision.lineNos()) {
                events.publish(GenericEventMessage.asEventMessage(new StatementLineReconciledEvent(statementId, lineNo,
                        decision.rule(), decision.strategy(), items, decision.booked(), principal))
                        .andMetaData(lineage));
            }
            return true;
        }));
    }

    /** Raises an exception for the back office, with its event; on the caller's transaction. */
    String raise(String statementId, Integer lineNo, String kind, long amount, String currency, String detail,
                 MetaData lineage) {
        String exceptionId = UUID.randomUUID().toString();
        String shown = detail.length() <= 300 ? detail : detail.substring(0, 297) + "...";
        jdbc.update("""
                insert into reconciliation_exception (exception_id, statement_id, line_no, kind, amount, currency, detail,
                    status, raised_at) values (?, ?, ?, ?, ?, ?, ?, 'OPEN', now())""", exceptionId, statementId, lineNo,
                kind, amount, currency, shown);
        events.publish(GenericEventMessage.asEventMessage(new ReconciliationExceptionRaisedEvent(exceptionId,
                statementId, lineNo, kind, amount, currency, shown)).andMetaData(lineage));
        return exceptionId;
    }

    /** A line reconciled but whose booking the ledger then refused becomes an exception after all. */
    void bookingRefused(String statementId, int lineNo, long amount, String currency, String detail, MetaData lineage) {
        transaction.executeWithoutResult(status -> {
            if (jdbc.update("""
                    update bank_statement_line set outcome = 'EXCEPTION' where statement_id = ? and line_no = ?
                       and outcome = 'RECONCILED'""", statementId, lineNo) > 0) {
                raise(statementId, lineNo, "NOT_BOOKABLE", amount, currency, detail, lineage);
            }
        });
    }

    /** The statement's reconciliation ran to its end; a closing balance that differs is an exception. */
    void complete(String statementId, Long difference, String currency, String detail, MetaData lineage) {
        transaction.executeWithoutResult(status -> {
            if (jdbc.update("""
                    update bank_statement set status = 'RECONCILED', reconciled_at = now()
                     where statement_id = ? and status = 'RECONCILING'""", statementId) > 0
                    && difference != null && difference != 0) {
                raise(statementId, null, "BALANCE_MISMATCH", Math.abs(difference), currency, detail, lineage);
            }
        });
    }

    /** Counts of a statement's lines by outcome, and their amounts. */
    public Map<String, Object> counts(String statementId) {
        return counts(List.of(statementId)).get(statementId);
    }

    /** {@link #counts(String)} of a page of statements, in one query: each statement's entry, zeros when it has no line. */
    public Map<String, Map<String, Object>> counts(List<String> statementIds) {
        Map<String, Map<String, Object>> counts = new java.util.HashMap<>();
        for (String statementId : statementIds) {
            counts.put(statementId, Map.of("reconciled", 0L, "exceptions", 0L, "pending", 0L, "reconciled_amount", 0L,
                    "unreconciled_amount", 0L));
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select statement_id, count(*) filter (where outcome = 'RECONCILED') as reconciled,
                           count(*) filter (where outcome = 'EXCEPTION') as exceptions,
                           count(*) filter (where outcome = 'PENDING') as pending,
                           coalesce(sum(amount) filter (where outcome = 'RECONCILED'), 0) as reconciled_amount,
                           coalesce(sum(amount) filter (where outcome <> 'RECONCILED'), 0) as unreconciled_amount
                      from bank_statement_line where statement_id = any(?) group by statement_id""");
            statement.setArray(1, connection.createArrayOf("varchar", statementIds.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            counts.put(rs.getString("statement_id"), Map.of("reconciled", rs.getLong("reconciled"),
                    "exceptions", rs.getLong("exceptions"), "pending", rs.getLong("pending"),
                    "reconciled_amount", rs.getLong("reconciled_amount"),
                    "unreconciled_amount", rs.getLong("unreconciled_amount")));
        });
        return counts;
    }

    /** A line decided by the back office (an exception resolved): its items, rule and booking. */
    void resolveLine(String statementId, int lineNo, String rule, List<String> items, String booked, String by) {
        jdbc.update("""
                update bank_statement_line set outcome = 'RECONCILED', rule = ?, strategy = 'ONE_TO_ONE',
                       ledger_items = ?, booked = ?, decided_by = ?, decided_at = now()
                 where statement_id = ? and line_no = ?""", rule, items.toArray(String[]::new), booked, by, statementId,
                lineNo);
    }
}
