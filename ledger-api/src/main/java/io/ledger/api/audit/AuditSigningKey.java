package io.ledger.api.audit;

import io.ledger.audit.Ed25519;
import io.ledger.query.audit.CheckpointSigner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key pair (JDK provider) that signs audit checkpoints. Read from one PEM file holding a
 * "PRIVATE KEY" (PKCS#8) and a "PUBLIC KEY" (X.509) block; in development the file is created on
 * first run under LEDGER_HOME and kept, so checkpoints stay verifiable across restarts.
 */
public final class AuditSigningKey implements CheckpointSigner {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----([^-]+)-----END \\1 KEY-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    AuditSigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = Ed25519.keyIdOf(publicKey);
        byte[] probe = "ledger-audit-key-check".getBytes();
        if (!Ed25519.verify(publicKey, probe, sign(probe))) {
            throw new IllegalStateException("the audit private and public keys do not belong together");
        }
    }

    /** Loads the key file, creating a new key pair there first when createIfMissing and it does not exist. */
    public static AuditSigningKey load(Path file, boolean createIfMissing) {
        try {
            if (!Files.exists(file)) {
                if (!createIfMissing) {
                    throw new IllegalStateException("audit signing key file " + file + " does not exist");
                }
                create(file);
            }
            String pem = Files.readString(file);
            PrivateKey privateKey = null;
            PublicKey publicKey = null;
            Matcher matcher = BLOCK.matcher(pem);
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            while (matcher.find()) {
                byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
                if (matcher.group(1).equals("PRIVATE")) {
                    privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(der));
                } else {
                    publicKey = factory.generatePublic(new X509EncodedKeySpec(der));
                }
            }
            if (privateKey == null || publicKey == null) {
                throw new IllegalStateException(file + " must hold an Ed25519 PRIVATE KEY and PUBLIC KEY block");
            }
            return new AuditSigningKey(privateKey, publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the audit signing key " + file, e);
        }
    }

    private static void create(Path file) throws IOException, GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Ed25519.pem("PRIVATE", pair.getPrivate().getEncoded()) + Ed25519.pem("PUBLIC", pair.getPublic().getEncoded()));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    /** The public key as PEM, for auditors. */
    public String publicKeyPem() {
        return Ed25519.pem("PUBLIC", publicKey.getEncoded());
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public String sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    @Override
    public boolean verify(byte[] data, String signatureBase64) {
        return Ed25519.verify(publicKey, data, signatureBase64);
    }
}
