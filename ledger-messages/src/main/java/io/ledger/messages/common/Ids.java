package io.ledger.messages.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifier rules shared by every side. */
public final class Ids {

    public static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Ids() {
    }

    public static String requireAccountId(String id) {
        if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
            throw new LedgerException(ErrorCode.INVALID_ACCOUNT_ID,
                    "account id must match [A-Za-z0-9._-]{1,64}");
        }
        return id;
    }

    public static String newAccountId() {
        return "acc_" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The payment id for an idempotency key, scoped to the caller: the same caller and key always
     * name the same payment aggregate, so a replay, even a concurrent one, lands on one aggregate and
     * cannot create a second payment. A name-based UUID (version 8) from SHA-256.
     */
    public static String paymentIdFor(String principal, String idempotencyKey) {
        return nameBasedId(principal + '\u0000' + idempotencyKey);
    }

    /**
     * The id of the reversal a back-office request with this idempotency key makes of a payment. Its name
     * starts with a NUL, which no payment's name can: a payment's name starts with its caller's subject,
     * and a subject is never empty and never holds a control character (the token verifier refuses
     * both). So no caller can take a reversal's id, whatever subject its token names.
     */
    public static String reversalIdFor(String paymentId, String idempotencyKey) {
        return nameBasedId("\u0000reversal\u0000" + paymentId + '\u0000' + idempotencyKey);
    }

    /**
     * The payout id for an idempotency key, scoped to the caller. Namespaced with a leading NUL, as a
     * reversal's is, so that no payment's id (whose name starts with a subject) can equal a payout's.
     */
    public static String payoutIdFor(String principal, String idempotencyKey) {
        return nameBasedId("\u0000payout\u0000" + principal + '\u0000' + idempotencyKey);
    }

    /** The id of a payment batch for an idempotency key, scoped to the caller; namespaced as a payout's is. */
    public static String batchIdFor(String principal, String idempotencyKey) {
        return nameBasedId("\u0000batch\u0000" + principal + '\u0000' + idempotencyKey);
    }

    /**
     * The id of a payment file for its message id (pain.001's {@code GrpHdr/MsgId}, a CSV file's Idempotency-Key),
     * scoped to the caller. A file is a batch read from a file: the two share one space of ids, namespaced apart.
     */
    public static String fileIdFor(String principal, String messageId) {
        return nameBasedId("\u0000file\u0000" + principal + '\u0000' + messageId);
    }

    /**
     * The id of a bank statement: the bank's own id of it (camt's {@code Stmt/Id} or {@code Ntfctn/Id}) within the bank
     * account it is for. The same statement uploaded again, on either lane, lands on the same id.
     */
    public static String statementIdFor(String iban, String statementReference) {
        return nameBasedId("\u0000statement\u0000" + iban + '\u0000' + statementReference);
    }

    private static String nameBasedId(String name) {
        byte[] digest = sha256(name);
        digest[6] = (byte) ((digest[6] & 0x0f) | 0x80);
        digest[8] = (byte) ((digest[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(digest, 0, 16);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
