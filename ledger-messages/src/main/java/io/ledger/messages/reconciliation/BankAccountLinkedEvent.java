package io.ledger.messages.reconciliation;

import io.ledger.messages.privacy.PersonalData;

/**
 * A bank account of the house (IBAN and currency) was linked to the clearing account that mirrors it in the ledger,
 * with the suspense account its unexplained lines are booked to and the tolerances its matching allows (issue 22).
 * The IBAN is the house's own account at its bank, not a person's.
 */
public record BankAccountLinkedEvent(String iban, String currency, String clearingAccountId, String suspenseAccountId,
                                     long amountToleranceMinor, int dateWindowDays, @PersonalData String linkedBy) {
}
