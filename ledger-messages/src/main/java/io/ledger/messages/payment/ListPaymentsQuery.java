package io.ledger.messages.payment;

import java.time.Instant;
import java.util.Map;

/**
 * Payments newest first; filters: an account on either side, status, an owner who must own one side, the
 * client's external reference, metadata entries the payment must all carry, and when it was created (from
 * inclusive, to exclusive).
 */
public record ListPaymentsQuery(String accountId, PaymentStatus status, String partyOwnerId, String cursor, int limit,
                                String externalReference, Map<String, String> metadata, Instant createdFrom,
                                Instant createdTo) {

    public ListPaymentsQuery(String accountId, PaymentStatus status, String partyOwnerId, String cursor, int limit) {
        this(accountId, status, partyOwnerId, cursor, limit, null, Map.of(), null, null);
    }
}
