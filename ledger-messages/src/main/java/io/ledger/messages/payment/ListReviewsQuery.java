package io.ledger.messages.payment;

/** The payments waiting IN_REVIEW, oldest first (the first to reach its deadline first), a page at a time. */
public record ListReviewsQuery(String cursor, int limit) {
}
