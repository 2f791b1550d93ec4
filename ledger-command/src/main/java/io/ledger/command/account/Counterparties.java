package io.ledger.command.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The accounts this account paid most recently, for the NEW_COUNTERPARTY_OVER risk rule (ADR 0026): the
 * {@value #KEPT} distinct creditors paid most recently, as 64 bits of each id's SHA-256 (a cryptographic hash, so nobody can choose an
 * id that passes for a known one), in 2 KiB however many payments. A counterparty older than that is new again:
 * the rule errs towards a review, never away from one.
 */
final class Counterparties {

    static final int KEPT = 256;

    /** Oldest first: a counterparty paid again moves to the end, the oldest leaves when a new one needs room. */
    private final long[] kept = new long[KEPT];
    private int size;

    boolean knows(String accountId) {
        return indexOf(fingerprint(accountId)) >= 0;
    }

    void remember(String accountId) {
        long fingerprint = fingerprint(accountId);
        int known = indexOf(fingerprint);
        if (known >= 0) {
            System.arraycopy(kept, known + 1, kept, known, size - known - 1);
            kept[size - 1] = fingerprint;
        } else if (size < KEPT) {
            kept[size++] = fingerprint;
        } else {
            System.arraycopy(kept, 1, kept, 0, KEPT - 1);
            kept[KEPT - 1] = fingerprint;
        }
    }

    private int indexOf(long fingerprint) {
        for (int i = 0; i < size; i++) {
            if (kept[i] == fingerprint) {
                return i;
            }
        }
        return -1;
    }

    static long fingerprint(String accountId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accountId.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
