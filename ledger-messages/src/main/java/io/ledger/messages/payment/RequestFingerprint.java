package io.ledger.messages.payment;

import io.ledger.messages.common.Ids;
import io.ledger.messages.common.Money;

import java.util.HexFormat;

/**
 * What makes two payment requests "the same" for idempotency: every field that changes what money
 * moves. A replay with the same key and fingerprint returns the first payment; another body is refused.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    public static String of(String debtorAccountId, String creditorAccountId, Money amount, String remittanceInfo) {
        String canonical = String.join("\u0000", debtorAccountId, creditorAccountId,
                Long.toString(amount.minorUnits()), amount.currency(), remittanceInfo == null ? "" : remittanceInfo);
        return HexFormat.of().formatHex(Ids.sha256(canonical));
    }
}
