package io.ledger.messages.audit;

import java.time.Instant;
import java.util.List;

/** The ledger's books. */
public record IntegrityReport(boolean ok, Instant checkedAt, List<CurrencyBooks> currencies, long accountsChecked, List<AccountMismatch> mismatches) {
}
