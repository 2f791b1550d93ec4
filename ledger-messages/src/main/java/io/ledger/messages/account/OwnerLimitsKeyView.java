package io.ledger.messages.account;

/** The answer to {@link FindOwnerLimitsKeyQuery}: ownerKey null when the account's owner has no limits. */
public record OwnerLimitsKeyView(String ownerKey) {

    public static final OwnerLimitsKeyView NONE = new OwnerLimitsKeyView(null);
}
