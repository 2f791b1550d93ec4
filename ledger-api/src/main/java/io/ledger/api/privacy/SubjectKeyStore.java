package io.ledger.api.privacy;

import javax.crypto.SecretKey;
import java.util.Optional;

/**
 * Where the data subjects' keys live (ADR 0021). A key is found by the random reference that sealed values
 * carry, or by the subject's id when sealing; erasing a subject deletes its key and the link from its id,
 * after which nothing in the ledger leads back to the subject. The database table is the default; another
 * store (a vault, a key database kept apart from the ledger's backups) implements this interface.
 */
public interface SubjectKeyStore {

    /** A subject's key and the reference that names it in sealed values. */
    record SubjectKey(String ref, SecretKey key) {
    }

    /**
     * The subject's key, made first if the subject has none. A made key is stored durably before it is
     * returned, whatever becomes of the caller's transaction: a value is never sealed under a key that
     * could be lost.
     */
    SubjectKey keyOf(String subjectId);

    /** The key a sealed value names; empty when it was erased (or never stored). */
    Optional<SecretKey> keyByRef(String ref);

    /**
     * Deletes the subject's key, inside the caller's transaction; the reference it had, or empty when
     * the store holds no key for this subject (never held one, or erased before).
     */
    Optional<String> erase(String subjectId);
}
