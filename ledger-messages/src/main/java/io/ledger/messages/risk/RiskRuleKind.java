package io.ledger.messages.risk;

/**
 * The kinds of rule the ledger knows (ADR 0026): each reads facts the debtor account keeps itself, so a rule is
 * decided in the same step as the debit, under the account's lock. The parameters each kind needs are listed on
 * {@link RiskRule}.
 */
public enum RiskRuleKind {
    /** The payment is more than {@code amount} (in its currency). */
    AMOUNT_OVER,
    /** With this payment, the account pays out more than {@code count} payments within {@code minutes}. */
    VELOCITY,
    /** An account younger than {@code days} pays out more than {@code amount} in all since it opened, this one included. */
    NEW_ACCOUNT_OUTFLOW,
    /** The account pays a creditor it has not paid recently (not among its last 256) more than {@code amount}. */
    NEW_COUNTERPARTY_OVER,
    /** The creditor is one of {@code counterparties} (a deny list of account ids). */
    COUNTERPARTY_LISTED,
    /**
     * A payout's beneficiary account is one of {@code counterparties} (a deny list of IBANs, ADR 0035): the
     * beneficiary travels with the payout's hold, so the debtor decides it with the rest; payments have none.
     */
    BENEFICIARY_LISTED
}
