package io.ledger.messages.account;

/**
 * An owner's limits in a currency, as the read model has them (ADR 0034); with what each window has used when
 * withUsage (a count over the owner's statement lines: asked only where it is shown).
 */
public record FindOwnerLimitsQuery(String ownerId, String currency, boolean withUsage) {
}
