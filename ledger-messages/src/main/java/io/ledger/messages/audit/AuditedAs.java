package io.ledger.messages.audit;

/**
 * What the audit trail files an event under — the accounts and the payment it is about, which its filters and the
 * trace search by. An event says so by implementing these views of its own fields (a record's accessors implement them
 * as they are), so renaming a field breaks the build instead of silently dropping the event from a filter.
 * {@code AuditSubjectsCoverageTest} fails while an event holds such a field without its view.
 */
public final class AuditedAs {

    private AuditedAs() {
    }

    /** An event about one account. */
    public interface OfAccount {
        String accountId();
    }

    /** An event about the account money leaves: a payment's or a payout's debtor. */
    public interface FromAccount {
        String debtorAccountId();
    }

    /** An event about the account money reaches: a payment's creditor. */
    public interface ToAccount {
        String creditorAccountId();
    }

    /** An event about one payment (or payout, batch item, reversal), by its id. */
    public interface OfPayment {
        String paymentId();
    }
}
