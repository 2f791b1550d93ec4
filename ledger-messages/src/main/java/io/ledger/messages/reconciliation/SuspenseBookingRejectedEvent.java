package io.ledger.messages.reconciliation;

import io.ledger.messages.privacy.PersonalData;

/** A second back-office user refused a proposed suspense booking: the exception is open again (issue 22). */
public record SuspenseBookingRejectedEvent(String exceptionId, @PersonalData(subject = "rejectedBy") String note,
                                           @PersonalData String rejectedBy) {
}
