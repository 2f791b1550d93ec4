package io.ledger.api.web;

import io.ledger.messages.account.Direction;
import io.ledger.messages.account.EntryState;
import io.ledger.messages.account.EntryView;

import java.time.Instant;

/** One statement line. */
public record EntryResponse(long entryId, String paymentId, Direction direction, String amount, String currency,
                            EntryState state, Instant createdAt, Instant updatedAt) {

    static EntryResponse of(EntryView view) {
        return new EntryResponse(view.entryId(), view.paymentId(), view.direction(), view.amount().toDecimalString(),
                view.amount().currency(), view.state(), view.createdAt(), view.updatedAt());
    }
}
