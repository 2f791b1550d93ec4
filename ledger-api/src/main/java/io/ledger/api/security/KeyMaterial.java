package io.ledger.api.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads token keys: base64 secrets, PEM public keys, and the development secret kept on disk. */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** HS256 needs a secret of at least 256 bits (RFC 7518 3.2); shorter ones are refused, never padded. */
    public static byte[] requireHmacLength(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalStateException("LEDGER_JWT_SECRET must be at least 256 bits (32 bytes) once base64-decoded");
        }
        return secret;
    }

    public static byte[] decodeSecret(String base64) {
        try {
            return Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("LEDGER_JWT_SECRET is not valid base64", e);
        }
    }

    /** Reads an X.509 SubjectPublicKeyInfo PEM file holding an RSA or EC public key. */
    public static PublicKey readPublicKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read LEDGER_JWT_PUBLIC_KEY file " + pem, e);
        }
        String body = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(body));
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(spec);
            } catch (GeneralSecurityException ignored) {
                // try the next key type
            }
        }
        throw new IllegalStateException(pem + " holds neither an RSA nor an EC public key in PEM (SPKI) form");
    }

    /**
     * The development secret: created once (256 random bits, owner-only file) and reused, so the
     * running service and the mint-token command agree without a secret in the repository.
     */
    public static byte[] devSecret(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Files.writeString(file, Base64.getEncoder().encodeToString(secret));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system; the file stays with default permissions
                }
            }
            return decodeSecret(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the development token secret " + file, e);
        }
    }
}
