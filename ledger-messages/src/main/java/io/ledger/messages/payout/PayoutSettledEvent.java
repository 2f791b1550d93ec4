package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

/** The bank executed the payout: the debtor's debit and the clearing account's credit are posted. */
public record PayoutSettledEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                 String bankReference)
        implements AuditedAs.FromAccount {
}
