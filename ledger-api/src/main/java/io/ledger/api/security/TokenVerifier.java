package io.ledger.api.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.Keys;

import javax.crypto.SecretKey;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;

/**
 * Validates bearer tokens with jjwt. Only the algorithms whose key is configured are accepted (HS256
 * with the shared secret; RS256 or ES256 with the public key); everything else, unsigned tokens
 * included, is refused before any claim is read.
 */
public class TokenVerifier {

    private final JwtParser parser;
    private final String audience;

    public TokenVerifier(SecretKey secret, PublicKey publicKey, String issuer, String audience, long clockSkewSeconds) {
        if (secret == null && publicKey == null) {
            throw new IllegalStateException("no token key configured: set LEDGER_JWT_SECRET or LEDGER_JWT_PUBLIC_KEY");
        }
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalStateException("LEDGER_JWT_ISSUER and LEDGER_JWT_AUDIENCE must be set");
        }
        this.audience = audience;
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        return keyFor(header.getAlgorithm(), secret, publicKey);
                    }
                })
                .requireIssuer(issuer)
                .clockSkewSeconds(clockSkewSeconds)
                .build();
    }

    public static SecretKey hmacKey(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalStateException("LEDGER_JWT_SECRET must be at least 256 bits (32 bytes) once base64-decoded");
        }
        return Keys.hmacShaKeyFor(secret);
    }

    /** @throws InvalidTokenException with a reason safe to show the client */
    public Caller verify(String token) {
        Claims claims;
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            claims = jws.getPayload();
        } catch (InvalidTokenException e) {
            throw e;
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidTokenException("token rejected: " + e.getClass().getSimpleName());
        }
        if (claims.getExpiration() == null) {
            throw new InvalidTokenException("token has no exp claim");
        }
        Set<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new InvalidTokenException("token audience does not include this service");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("token has no sub claim");
        }
        Object scope = claims.get("scope");
        return new Caller(subject, Scope.parse(scope instanceof String s ? s : null));
    }

    private static Key keyFor(String algorithm, SecretKey secret, PublicKey publicKey) {
        if ("HS256".equals(algorithm) && secret != null) {
            return secret;
        }
        if ("RS256".equals(algorithm) && publicKey instanceof RSAPublicKey) {
            return publicKey;
        }
        if ("ES256".equals(algorithm) && publicKey instanceof ECPublicKey) {
            return publicKey;
        }
        throw new InvalidTokenException("algorithm " + algorithm + " is not accepted");
    }

    /** A token that does not authenticate anyone; always answered with 401. */
    public static class InvalidTokenException extends JwtException {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}
