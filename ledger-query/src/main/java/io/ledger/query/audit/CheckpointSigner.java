package io.ledger.query.audit;

/** Signs checkpoints. The key is the application's (ledger-api); the read side only asks for signatures. */
public interface CheckpointSigner {

    /** First 16 hex digits of SHA-256 of the public key's X.509 encoding. */
    String keyId();

    /** Ed25519 signature of the bytes, base64. */
    String sign(byte[] data);

    /** Whether the signature is valid for the bytes under this signer's public key. */
    boolean verify(byte[] data, String signatureBase64);
}
