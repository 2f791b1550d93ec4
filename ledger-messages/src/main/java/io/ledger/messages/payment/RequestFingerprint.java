package io.ledger.messages.payment;

import io.ledger.messages.common.Ids;
import io.ledger.messages.common.Money;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What makes two payment requests "the same" for idempotency: every field that changes what money
 * moves. A replay with the same key and fingerprint returns the first payment; another body is refused.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /**
     * A MANUAL payment's fingerprint adds the capture mode and the requested time to live, so the same key
     * cannot turn an authorization into an instant payment or change its expiry. An AUTOMATIC payment's is
     * what it always was, so requests replayed across versions still match.
     */
    public static String of(String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo,
                            CaptureMode captureMode, String authorizationTtl) {
        if (captureMode != CaptureMode.MANUAL) {
            return of(debtorAccountId, creditorAccountId, amount, remittanceInfo);
        }
        String canonical = String.join("\u0000", debtorAccountId, creditorAccountId,
                Long.toString(amount.minorUnits()), amount.currency(), remittanceInfo == null ? "" : remittanceInfo,
                CaptureMode.MANUAL.name(), authorizationTtl == null ? "" : authorizationTtl);
        return HexFormat.of().formatHex(Ids.sha256(canonical));
    }

    public static String of(String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo) {
        String canonical = String.join("\u0000", debtorAccountId, creditorAccountId,
                Long.toString(amount.minorUnits()), amount.currency(), remittanceInfo == null ? "" : remittanceInfo);
        return HexFormat.of().formatHex(Ids.sha256(canonical));
    }

    /**
     * The fingerprint with the client's external reference and metadata: the same as without them when there are
     * none (requests replayed across versions still match), else the reference and the metadata, keys sorted,
     * added to it.
     */
    public static String withReferences(String fingerprint, String externalReference, Map<String, String> metadata) {
        if (externalReference == null && (metadata == null || metadata.isEmpty())) {
            return fingerprint;
        }
        List<String> parts = new ArrayList<>(List.of(fingerprint, "ref", externalReference == null ? "" : externalReference));
        if (metadata != null) {
            new TreeMap<>(metadata).forEach((key, value) -> {
                parts.add(key);
                parts.add(value);
            });
        }
        return digest(parts.toArray(String[]::new));
    }

    /** A request's fingerprint from its canonical parts, NUL-separated (no part holds a NUL). */
    public static String digest(String... parts) {
        return HexFormat.of().formatHex(Ids.sha256(String.join("\u0000", parts)));
    }
}
