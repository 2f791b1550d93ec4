package io.ledger.messages.account;

/** An owner's limits in a currency and what each window has used, as the read model has them (ADR 0034). */
public record FindOwnerLimitsQuery(String ownerId, String currency) {
}
