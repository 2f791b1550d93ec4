package io.ledger.command.payment;

/** The payload of a review's durable deadline: the payment it declines if nobody decided it in time. */
public record ReviewDeadline(String paymentId) {
}
