package io.ledger.query.support;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: clients pass back what they were given and never build one themselves. */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "cursor is not one this service issued");
        }
    }

    public static long decodeLong(String cursor, long whenAbsent) {
        String key = decode(cursor);
        if (key == null) {
            return whenAbsent;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new LedgerException(ErrorCode.VALIDATION_FAILED, "cursor is not one this service issued");
        }
    }

    /** The event store's global position of the event being projected (0 when not tracked). */
    public static long positionOf(org.axonframework.eventhandling.TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }
}
