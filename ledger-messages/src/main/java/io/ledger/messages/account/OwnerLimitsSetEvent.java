package io.ledger.messages.account;

import io.ledger.messages.privacy.PersonalData;

/**
 * The owner's limits in a currency from now on, across the owner's accounts in it (ADR 0034); who set them is in the
 * event's metadata. The owner's id is personal data, sealed under the owner's own key (ADR 0021).
 */
public record OwnerLimitsSetEvent(String ownerKey, @PersonalData String ownerId, String currency,
                                  AccountLimits limits) {
}
