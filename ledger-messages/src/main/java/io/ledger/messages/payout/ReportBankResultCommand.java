package io.ledger.messages.payout;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The bank lane reports the bank's answer: ACCEPTED with the bank's reference, REJECTED or RETURNED with an
 * ISO 20022 reason code.
 */
public record ReportBankResultCommand(@TargetAggregateIdentifier String payoutId, BankResult result,
                                      String bankReference, String reasonCode, String reportedBy) {
}
