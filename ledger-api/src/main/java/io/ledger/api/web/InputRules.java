package io.ledger.api.web;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Checks on path, query and body values, so nothing malformed reaches a command or a query. */
final class InputRules {

    static final int EXTERNAL_REFERENCE_MAX = 64;
    static final int METADATA_ENTRIES = 16;
    static final int METADATA_VALUE_MAX = 256;
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    static final int MAX_PAGE_SIZE = 200;
    static final int DEFAULT_PAGE_SIZE = 50;
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern PAYMENT_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private InputRules() {
    }

    static int pageSize(Integer limit) {
        if (limit == null) {
            return DEFAULT_PAGE_SIZE;
        }
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw invalid("limit must be between 1 and " + MAX_PAGE_SIZE);
        }
        return limit;
    }

    static String idempotencyKey(String key) {
        if (key == null) {
            throw invalid("the Idempotency-Key header is required");
        }
        if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw invalid("Idempotency-Key must match [A-Za-z0-9._:-]{1,128}");
        }
        return key;
    }

    static String paymentId(String id) {
        return nameBasedId(id, () -> new LedgerException(ErrorCode.PAYMENT_NOT_FOUND, "no such payment"));
    }

    /** Batch ids have the form of payment ids; anything else names no batch. */
    static String batchId(String id) {
        return nameBasedId(id, () -> new LedgerException(ErrorCode.BATCH_NOT_FOUND, "no such payment batch"));
    }

    /** File ids have the form of payment ids; anything else names no file. */
    static String fileId(String id) {
        return nameBasedId(id, PaymentFileController::notFound);
    }

    /** Payout ids have the form of payment ids; anything else names no payout. */
    static String payoutId(String id) {
        return nameBasedId(id, PayoutController::notFound);
    }

    /** An id of the name-based form payments, payouts and batches share (Ids), else what the caller names as not found. */
    private static String nameBasedId(String id, java.util.function.Supplier<LedgerException> notFound) {
        if (id == null || !PAYMENT_ID.matcher(id).matches()) {
            throw notFound.get();
        }
        return id;
    }

    static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value;
    }

    /** Free text: bounded, no control characters. Stored and shown as given, never interpreted. */
    static String text(String value, String field, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw invalid(field + " must be at most " + maxLength + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw invalid(field + " must not contain control characters");
        }
        return value;
    }

    /** A payment's external reference: 1-64 printable characters without control characters, or none. */
    static String externalReference(String value) {
        if (value == null) {
            return null;
        }
        if (value.isBlank() || value.strip().length() != value.length()) {
            throw invalid("externalReference must not be blank nor start or end with a space");
        }
        return text(value, "externalReference", EXTERNAL_REFERENCE_MAX);
    }

    /**
     * A payment's metadata: at most {@value #METADATA_ENTRIES} entries, keys {@code [A-Za-z0-9._-]{1,40}}, values
     * strings of at most {@value #METADATA_VALUE_MAX} characters without control characters. A number, an object or
     * null as a value is refused, not converted.
     */
    static Map<String, String> metadata(Map<String, Object> value) {
        if (value == null || value.isEmpty()) {
            return Map.of();
        }
        if (value.size() > METADATA_ENTRIES) {
            throw invalid("metadata may have at most " + METADATA_ENTRIES + " entries");
        }
        Map<String, String> checked = new TreeMap<>();
        value.forEach((key, entry) -> {
            if (!METADATA_KEY.matcher(key).matches()) {
                throw invalid("metadata keys must match [A-Za-z0-9._-]{1,40}");
            }
            if (!(entry instanceof String text)) {
                throw invalid("metadata." + key + " must be a string");
            }
            checked.put(key, text(text, "metadata." + key, METADATA_VALUE_MAX));
        });
        return checked;
    }

    /** The constant of that name, or 400 VALIDATION_FAILED naming the field and what it may be. */
    static <E extends Enum<E>> E oneOf(E[] values, String name, String field) {
        String given = required(name, field);
        return java.util.Arrays.stream(values).filter(v -> v.name().equals(given)).findFirst()
                .orElseThrow(() -> invalid(field + " must be one of " + java.util.Arrays.toString(values)));
    }

    /** An ISO-8601 instant, or null when absent. */
    static java.time.Instant instant(String value, String name) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    static LedgerException invalid(String detail) {
        return new LedgerException(ErrorCode.VALIDATION_FAILED, detail);
    }
}
