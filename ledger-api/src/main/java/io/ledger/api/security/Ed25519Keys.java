package io.ledger.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * EdDSA (Ed25519) tokens for Nimbus, on the JDK's own Ed25519 (Java 15 and later). Nimbus verifies EdDSA only
 * through Google Tink, and its key selector does not turn OKP keys into Java keys; rather than a second
 * crypto library, this picks the JWK set's Ed25519 keys by {@code kid} and verifies with
 * {@code Signature.getInstance("Ed25519")}. Every other algorithm is Nimbus's own, unchanged.
 */
final class Ed25519Keys {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32-byte public key follows it. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519Keys() {
    }

    /** Keys for a token's header: Ed25519 OKP keys for EdDSA, Nimbus's selection for everything else. */
    static JWSKeySelector<SecurityContext> selector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
        Set<JWSAlgorithm> others = new HashSet<>(algorithms);
        others.removeAll(ALGORITHMS);
        JWSVerificationKeySelector<SecurityContext> standard = others.isEmpty() ? null
                : new JWSVerificationKeySelector<>(others, source);
        return (header, context) -> {
            JWSAlgorithm algorithm = header.getAlgorithm();
            if (!algorithms.contains(algorithm)) {
                return List.of();
            }
            if (!ALGORITHMS.contains(algorithm)) {
                return standard.selectJWSKeys(header, context);
            }
            JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.OKP).curve(Curve.Ed25519)
                    .keyID(header.getKeyID()).keyUses(KeyUse.SIGNATURE, null).build();
            List<Key> keys = new ArrayList<>();
            for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
                try {
                    keys.add(publicKey(((OctetKeyPair) jwk).getX()));
                } catch (JOSEException malformed) {
                    // not a usable Ed25519 key: it verifies nothing
                }
            }
            return keys;
        };
    }

    /** Nimbus's verifiers, and the JDK's Ed25519 for EdDSA. */
    static JWSVerifierFactory verifiers() {
        DefaultJWSVerifierFactory standard = new DefaultJWSVerifierFactory();
        Set<JWSAlgorithm> supported = new HashSet<>(standard.supportedJWSAlgorithms());
        supported.addAll(ALGORITHMS);
        return new JWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                if (ALGORITHMS.contains(header.getAlgorithm()) && key instanceof EdECPublicKey edKey) {
                    return new Verifier(edKey);
                }
                return standard.createJWSVerifier(header, key);
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return supported;
            }

            @Override
            public JCAContext getJCAContext() {
                return standard.getJCAContext();
            }
        };
    }

    static PublicKey publicKey(Base64URL x) throws JOSEException {
        byte[] raw = x.decode();
        if (raw.length != 32) {
            throw new JOSEException("an Ed25519 public key is 32 bytes");
        }
        byte[] spki = new byte[SPKI_PREFIX.length + raw.length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new JOSEException("not an Ed25519 public key", e);
        }
    }

    private record Verifier(EdECPublicKey key) implements JWSVerifier {

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            if (!ALGORITHMS.contains(header.getAlgorithm())) {
                return false;
            }
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(signingInput);
                return ed25519.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }
}
