package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;

import java.time.Instant;

/** Funds held on the debtor and pending on the clearing account; the instruction waits for the bank lane. */
public record PayoutInstructedEvent(String payoutId, String debtorAccountId, String clearingAccountId, Money amount,
                                    Instant answerBy)
        implements AuditedAs.FromAccount {
}
