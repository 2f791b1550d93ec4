package io.ledger.messages.account;

import java.time.Instant;

/**
 * One account's balances as they were at a time ({@code asOf}) or after an event position ({@code asOfPosition}),
 * exactly one of the two given: answered from the balance history's index, never by replaying events.
 */
public record FindAccountAsOfQuery(String accountId, Instant asOf, Long asOfPosition) {
}
