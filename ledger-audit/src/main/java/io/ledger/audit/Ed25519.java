package io.ledger.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of checkpoint signing (JDK provider): what an auditor needs to check a signature, and the key id
 * that names the key in checkpoints and manifests. The private half stays in the service.
 */
public final class Ed25519 {

    private Ed25519() {
    }

    /** The first 16 hex digits of the SHA-256 of the key's X.509 encoding. */
    public static String keyIdOf(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** False for a signature that does not verify, and for one that is not even Base64. */
    public static boolean verify(PublicKey key, byte[] data, String signatureBase64) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A "PUBLIC KEY" PEM block as the service's {@code /v1/audit/public-key} serves it. */
    public static PublicKey readPublicKey(Path pem) throws IOException {
        String text = Files.readString(pem);
        String body = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(pem + " is not an Ed25519 public key in PEM form", e);
        }
    }

    /** DER bytes as a PEM block of the given kind ("PUBLIC", "PRIVATE"). */
    public static String pem(String kind, byte[] der) {
        return "-----BEGIN " + kind + " KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + kind + " KEY-----\n";
    }
}
