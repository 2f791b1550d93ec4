package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/** The bank returned a settled payout; the return is booked as new entries: clearing debited, debtor credited. */
public record PayoutReturnedEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                  String reasonCode)
        implements AuditedAs.FromAccount {
}
