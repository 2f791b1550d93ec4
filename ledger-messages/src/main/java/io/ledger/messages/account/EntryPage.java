package io.ledger.messages.account;

import java.util.List;

/** One page of statement lines; nextCursor is null on the last page. */
public record EntryPage(List<EntryView> items, String nextCursor) {
}
