package io.ledger.messages.payment;

import java.util.Map;

/**
 * Payments newest first; filters: an account on either side, status, an owner who must own one side, the
 * client's external reference, and metadata entries the payment must all carry.
 */
public record ListPaymentsQuery(String accountId, PaymentStatus status, String partyOwnerId, String cursor, int limit,
                                String externalReference, Map<String, String> metadata) {

    public ListPaymentsQuery(String accountId, PaymentStatus status, String partyOwnerId, String cursor, int limit) {
        this(accountId, status, partyOwnerId, cursor, limit, null, Map.of());
    }
}
