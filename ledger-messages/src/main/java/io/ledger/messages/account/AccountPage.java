package io.ledger.messages.account;

import java.util.List;

/** One page of accounts; nextCursor is null on the last page. */
public record AccountPage(List<AccountView> items, String nextCursor) {
}
