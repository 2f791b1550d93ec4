package io.ledger.api.web;

import io.ledger.messages.account.AccountType;

/** Body of POST /v1/accounts. accountId and ownerId are optional; overdraftLimit defaults to "0". */
public record OpenAccountRequest(String accountId, String ownerId, String currency, AccountType type,
                                 String overdraftLimit) {
}
