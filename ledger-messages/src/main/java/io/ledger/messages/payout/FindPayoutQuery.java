package io.ledger.messages.payout;

public record FindPayoutQuery(String payoutId) {
}
