package io.ledger.api.reconcile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A bank statement as read from its file (camt.053, camt.054 or CSV), before anything is stored: the account it is
 * for, the bank's id of it, its balances in signed minor units (credit positive; null where the file states none) and
 * its booked entries in the file's order.
 */
record ParsedStatement(String format, String messageId, String statementReference, String iban, String currency,
                       Long openingBalance, Long closingBalance, Instant closingAt, List<Line> lines) {

    /**
     * One booked entry. amount is positive minor units, direction CRDT (money into the bank account) or DBIT (out).
     * endToEndIds are the references of the transactions the entry holds (one per TxDtls; several for a batch
     * booking); bankReference the bank's own (AcctSvcrRef); counterpartyIban the other side's account where stated
     * (the creditor of a debit, the debtor of a credit); remittance the unstructured text; returnReason the ISO 20022
     * reason code of a return (RtrInf); reversal true for the bank's reversal of an earlier entry.
     */
    record Line(int lineNo, String location, String entryReference, String bankReference, String direction, long amount,
                LocalDate bookingDate, LocalDate valueDate, List<String> endToEndIds, String counterpartyIban,
                String remittance, String returnReason, boolean reversal) {

        long signedAmount() {
            return "CRDT".equals(direction) ? amount : -amount;
        }
    }
}
