package io.ledger.messages.payment;

/** Payments newest first; filters: an account on either side, status, and an owner who must own one side. */
public record ListPaymentsQuery(String accountId, PaymentStatus status, String partyOwnerId, String cursor, int limit) {
}
