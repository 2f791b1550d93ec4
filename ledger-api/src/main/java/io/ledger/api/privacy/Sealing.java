package io.ledger.api.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.ledger.audit.ExportFormat;
import io.ledger.messages.privacy.PersonalData;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals a text under its data subject's key and opens it again (ADR 0021). A sealed text reads
 * {@code pd1.<subject ref>.<base64url of nonce, ciphertext and tag>}: AES-256-GCM with a random 96-bit
 * nonce, the reference bound in as associated data, so a sealed value cannot be moved under another
 * subject's reference unnoticed. Opening a value whose key was erased answers {@link PersonalData#ERASED};
 * opening a value that was altered fails loudly, never reads as erased.
 *
 * <p>Keys and opened values are remembered for {@link #REMEMBERED} at most: an erasure on this instance
 * forgets them at once, one on another instance is in force here within that time.
 *
 * <p>A subject's own id (a message's principal, a payment's initiator, an account's owner) is sealed once and the
 * sealed value used again while remembered (ADR 0040): its reference already says whose it is, and a subject has
 * one id, so equal sealed values tell nothing the reference did not. Any other value gets a nonce of its own each
 * time, so equal texts of one subject are not linkable by their sealed form.
 */
public class Sealing {

    public static final String PREFIX = ExportFormat.SEALED_PREFIX;
    static final Duration REMEMBERED = Duration.ofMinutes(1);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SubjectKeyStore keys;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, SubjectKeyStore.SubjectKey> bySubject;
    private final Cache<String, Optional<SecretKey>> byRef;
    /** The same event's metadata is opened by every processor that handles it: once is enough. */
    private final Cache<String, String> opened;
    /** Subjects' own ids as sealed, by subject: four events a payment carry the same principal. */
    private final Cache<String, String> ownIds;

    public Sealing(SubjectKeyStore keys) {
        this.keys = keys;
        this.bySubject = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REMEMBERED).build();
        this.byRef = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REMEMBERED).build();
        this.opened = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REMEMBERED).build();
        this.ownIds = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(REMEMBERED).build();
    }

    private static void requireSubject(String subjectId) {
        if (subjectId == null || subjectId.isEmpty()) {
            throw new IllegalStateException("personal data without a data subject cannot be sealed");
        }
    }

    public static boolean isSealed(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** The reference a sealed text names. */
    public static String refOf(String sealed) {
        int end = sealed.indexOf('.', PREFIX.length());
        if (!isSealed(sealed) || end < 0) {
            throw new IllegalArgumentException("not a sealed value");
        }
        return sealed.substring(PREFIX.length(), end);
    }

    /**
     * The subject's own id sealed under its key (ADR 0040): the value sealed last, while remembered. Only for a value
     * that is the subject's id by what it is (a principal, a component that is its own subject), never for a text
     * that merely equals it: a remittance text reading "alice" still gets a nonce of its own.
     */
    public String sealOwnId(String subjectId) {
        requireSubject(subjectId);
        String known = ownIds.getIfPresent(subjectId);
        if (known == null) {
            known = seal(subjectId, subjectId);
            ownIds.put(subjectId, known);
        }
        return known;
    }

    /** The text sealed under the key of subjectId (made if the subject has none yet), with a nonce of its own. */
    public String seal(String subjectId, String clear) {
        requireSubject(subjectId);
        // Looked up outside the cache's own computation: making a key is I/O, which must not hold the cache's locks.
        SubjectKeyStore.SubjectKey key = bySubject.getIfPresent(subjectId);
        if (key == null) {
            key = keys.keyOf(subjectId);
            bySubject.put(subjectId, key);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key.key(), nonce, key.ref(), clear.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
        return PREFIX + key.ref() + "." + ENCODER.encodeToString(out.array());
    }

    /** The clear text of a sealed text, or {@link PersonalData#ERASED} when its subject's key is gone. */
    public String open(String sealed) {
        String known = opened.getIfPresent(sealed);
        if (known != null) {
            return known;
        }
        String ref = refOf(sealed);
        Optional<SecretKey> key = byRef.getIfPresent(ref);
        if (key == null) {
            key = keys.keyByRef(ref);
            byRef.put(ref, key);
        }
        if (key.isEmpty()) {
            return PersonalData.ERASED;
        }
        byte[] body = DECODER.decode(sealed.substring(PREFIX.length() + ref.length() + 1));
        if (body.length <= NONCE_BYTES) {
            throw new IllegalArgumentException("a sealed value is too short");
        }
        byte[] nonce = java.util.Arrays.copyOf(body, NONCE_BYTES);
        byte[] ciphertext = java.util.Arrays.copyOfRange(body, NONCE_BYTES, body.length);
        String clear = new String(crypt(Cipher.DECRYPT_MODE, key.get(), nonce, ref, ciphertext), StandardCharsets.UTF_8);
        opened.put(sealed, clear);
        return clear;
    }

    /**
     * Forgets everything remembered of an erased subject: its key, by id and by reference, its id as sealed, and
     * what it opened.
     */
    public void forget(String subjectId, String ref) {
        bySubject.invalidate(subjectId);
        ownIds.invalidate(subjectId);
        byRef.invalidate(ref);
        opened.asMap().keySet().removeIf(sealed -> sealed.startsWith(PREFIX + ref + "."));
    }

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, String ref, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(ref.getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // A wrong tag: the stored value was altered, or sealed under another key. Never "erased".
            throw new IllegalStateException("a sealed value does not open under its subject's key", e);
        }
    }
}
