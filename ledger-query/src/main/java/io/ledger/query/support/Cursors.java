package io.ledger.query.support;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** Opaque keyset cursors: clients pass back what they were given and never build one themselves. */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a cursor carries. Only what {@link #encode} could have produced is accepted: canonical
     * base64url of printable text; anything else is a 400, never a query.
     */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notIssued();
        }
        if (!encode(key).equals(cursor) || key.codePoints().anyMatch(Character::isISOControl)) {
            throw notIssued();
        }
        return key;
    }

    /** A cursor whose key must also have the given form (an account id, say). */
    public static String decode(String cursor, Pattern keyForm) {
        String key = decode(cursor);
        if (key != null && !keyForm.matcher(key).matches()) {
            throw notIssued();
        }
        return key;
    }

    public static long decodeLong(String cursor, long whenAbsent) {
        String key = decode(cursor);
        if (key == null) {
            return whenAbsent;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw notIssued();
        }
    }

    private static LedgerException notIssued() {
        return new LedgerException(ErrorCode.VALIDATION_FAILED, "cursor is not one this service issued");
    }

    /** The event store's global position of the event being projected (0 when not tracked). */
    public static long positionOf(org.axonframework.eventhandling.TrackingToken token) {
        return token == null ? 0 : token.position().orElse(0);
    }
}
