package io.ledger.query.privacy;

import io.ledger.messages.privacy.PersonalData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What the read models and the audit log's own columns hold of one data subject in clear, and its erasure
 * (ADR 0021). The events keep it sealed; these copies were opened when the events were handled, so erasing
 * a subject rewrites them to read erased, as a rebuild from the events would. The audit log's hashed
 * payload and metadata are the stored bytes, sealed: only its lookup columns are rewritten, so the chain
 * still verifies.
 */
@Component
public class ReadModelErasure {

    private static final String ERASED = PersonalData.ERASED;

    private final JdbcTemplate jdbc;

    public ReadModelErasure(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Rows rewritten per read model, in the order of {@link #scrub}. */
    public record Scrubbed(int accounts, int payments, int payouts, int auditRecords, int auditCommands) {
    }

    /** The subject's accounts that are not closed, in id order. */
    public List<String> accountsNotClosed(String subjectId) {
        return jdbc.queryForList("select account_id from account_view where owner_id = ? and status <> 'CLOSED' "
                + "order by account_id", String.class, subjectId);
    }

    /** Rewrites every clear copy of the subject's personal data to read erased; in the caller's transaction. */
    public Scrubbed scrub(String subjectId) {
        int accounts = jdbc.update("update account_view set owner_id = ? where owner_id = ?", ERASED, subjectId);
        // The owner's limits (ADR 0034): counted in accounts (the rows hold no more than who the owner was).
        accounts += jdbc.update("update owner_limits set owner_id = ? where owner_id = ?", ERASED, subjectId);
        int payments = jdbc.update("""
                update payment_view set initiated_by = ?, metadata = null,
                       remittance_info = case when remittance_info is null then null else ? end
                 where initiated_by = ?""", ERASED, ERASED, subjectId);
        int payouts = jdbc.update("""
                update payout_view set initiated_by = ?, beneficiary_name = ?, beneficiary_iban = ?, beneficiary_bic = null,
                       remittance_info = case when remittance_info is null then null else ? end
                 where initiated_by = ?""", ERASED, ERASED, ERASED, ERASED, subjectId);
        int records = jdbc.update("update audit_record set principal = ? where principal = ?", ERASED, subjectId);
        int commands = jdbc.update("update audit_command set principal = ? where principal = ?", ERASED, subjectId);
        // Write-side, but a copy all the same: who submitted a payment batch (its items' payments say it sealed).
        jdbc.update("update payment_batch set submitted_by = ? where submitted_by = ?", ERASED, subjectId);
        return new Scrubbed(accounts, payments, payouts, records, commands);
    }
}
