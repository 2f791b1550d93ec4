package io.ledger.messages.reconciliation;

/**
 * What did not reconcile became an exception for the back office (issue 22): a statement line (lineNo) that matched
 * nothing, matched more than one candidate, or whose booking the ledger refused; or the statement's closing balance
 * disagreeing with the clearing account (lineNo null). The detail names no person.
 */
public record ReconciliationExceptionRaisedEvent(String exceptionId, String statementId, Integer lineNo, String kind,
                                                 long amountMinor, String currency, String detail) {
}
