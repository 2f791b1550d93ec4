package io.ledger.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The byte encoding that audit hashes and checkpoint signatures are computed over, specified in
 * docs/compliance.md so that anyone can re-implement the verifier: a domain tag and then each field as
 * {@code <decimal length in bytes>:<UTF-8 bytes>\n}. Length prefixes make the encoding unambiguous
 * whatever the fields contain; a null field is encoded as the empty string.
 */
public final class Canonical {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

    private Canonical(String domainTag) {
        field(domainTag);
    }

    public static Canonical of(String domainTag) {
        return new Canonical(domainTag);
    }

    public Canonical field(String value) {
        byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        byte[] length = Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII);
        out.write(length, 0, length.length);
        out.write(':');
        out.write(bytes, 0, bytes.length);
        out.write('\n');
        return this;
    }

    public Canonical field(long value) {
        return field(Long.toString(value));
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
