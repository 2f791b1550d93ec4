package io.ledger.messages.payout;

import io.ledger.messages.audit.AuditedAs;
import io.ledger.messages.common.Money;
import io.ledger.messages.privacy.PersonalData;

/**
 * The bank's answer, recorded as reported; the payout saga books it (posts or releases the holds, or books a
 * return) and the payout's status follows. Carries the accounts and amount, because a return arrives after
 * the saga that settled the payout has ended and a new one books it from this event alone.
 */
public record PayoutBankResultReportedEvent(String payoutId, BankResult result, String bankReference,
                                            String reasonCode, @PersonalData String reportedBy, String debtorAccountId,
                                            String clearingAccountId, Money amount)
        implements AuditedAs.FromAccount {
}
