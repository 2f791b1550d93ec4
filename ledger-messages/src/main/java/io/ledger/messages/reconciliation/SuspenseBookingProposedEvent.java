package io.ledger.messages.reconciliation;

import io.ledger.messages.privacy.PersonalData;

/**
 * A back-office user proposed to book an exception's line to the suspense account (issue 22). Nothing is booked until
 * a second back-office user approves; the proposer cannot.
 */
public record SuspenseBookingProposedEvent(String exceptionId, String suspenseAccountId,
                                           @PersonalData(subject = "proposedBy") String note,
                                           @PersonalData String proposedBy) {
}
