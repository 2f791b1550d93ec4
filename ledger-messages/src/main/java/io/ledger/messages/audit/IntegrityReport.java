package io.ledger.messages.audit;

import java.time.Instant;
import java.util.List;

/**
 * The ledger's books. {@code mode} is {@code incremental} (sums kept from the earlier checks, and the events after them)
 * or {@code full} (every event read); {@code eventsRead} is how many account events this check read.
 */
public record IntegrityReport(boolean ok, Instant checkedAt, String mode, long eventsRead, List<CurrencyBooks> currencies,
                              long accountsChecked, List<AccountMismatch> mismatches) {
}
