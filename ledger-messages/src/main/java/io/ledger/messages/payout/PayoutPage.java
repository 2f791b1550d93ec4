package io.ledger.messages.payout;

import java.util.List;

public record PayoutPage(List<PayoutView> items, String nextCursor) {
}
