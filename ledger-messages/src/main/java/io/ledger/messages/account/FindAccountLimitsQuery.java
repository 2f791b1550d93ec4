package io.ledger.messages.account;

/** An account's limits and what each window has used, as the read model has them. */
public record FindAccountLimitsQuery(String accountId) {
}
