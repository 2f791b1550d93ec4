package io.ledger.messages.audit;

/** Per currency: posted must sum to 0; pendingDebits - pendingCredits must equal the debits held for payments whose credit is not yet held. */
public record CurrencyBooks(String currency, long postedSum, long pendingDebits, long pendingCredits, long inFlightReservations, boolean balanced) {
}
