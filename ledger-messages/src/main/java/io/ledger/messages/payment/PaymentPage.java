package io.ledger.messages.payment;

import java.util.List;

/** One page of payments; nextCursor is null on the last page. */
public record PaymentPage(List<PaymentView> items, String nextCursor) {
}
