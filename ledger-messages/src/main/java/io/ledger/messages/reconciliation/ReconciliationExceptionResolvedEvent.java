package io.ledger.messages.reconciliation;

import io.ledger.messages.privacy.PersonalData;

import java.util.List;

/**
 * An exception was resolved (issue 22): MATCHED by hand to ledger items, BOOKED_TO_SUSPENSE (the payment into or out of
 * the suspense account, proposed by one back-office user and approved by another), or, for a balance difference,
 * EXPLAINED with a note.
 */
public record ReconciliationExceptionResolvedEvent(String exceptionId, String resolution, List<String> ledgerItems,
                                                   @PersonalData(subject = "resolvedBy") String note,
                                                   @PersonalData String resolvedBy, @PersonalData String approvedBy) {
}
