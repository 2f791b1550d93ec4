package io.ledger.api.file;

/**
 * One transaction of a payment file, as written: text, not yet checked. {@code location} names it in the file
 * (a CSV line, an element path); {@code group} is the pain.001 payment information it belongs to. A creditor is
 * either a ledger account ({@code creditorAccount}) or a beneficiary outside the ledger ({@code creditorIban},
 * with name and BIC), which becomes a payout. {@code problem} says what about its shape is wrong, when something is.
 */
public record FileTransaction(String location, String group, String debtorAccount, String creditorAccount,
                              String creditorName, String creditorIban, String creditorBic, String amount,
                              String currency, String endToEndId, String remittanceInfo, String problem) {

    public boolean isPayout() {
        return creditorIban != null;
    }

    @Override
    public String toString() {
        return "FileTransaction[" + location + "]";
    }
}
