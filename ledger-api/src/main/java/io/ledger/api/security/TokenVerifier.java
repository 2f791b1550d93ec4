package io.ledger.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.Keys;

import javax.crypto.SecretKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Validates bearer tokens with jjwt. Only the algorithms whose key is configured are accepted (HS256
 * with the shared secret; RS256 or ES256 with the public key); everything else, unsigned tokens
 * included, is refused before any claim is read.
 *
 * <p>A token that passed is remembered, by its SHA-256 digest, until it expires: a wallet sends the
 * same token with every request, and parsing and checking it again cost about a tenth of a request
 * thread's time. Only the exact bytes of a token that passed every check are accepted from memory,
 * and never after its {@code exp} plus the clock skew the parser allows. Refusals are not remembered.
 */
public class TokenVerifier {

    /** Distinct live tokens remembered; beyond this the least recently used are parsed again. */
    static final int REMEMBERED_TOKENS = 50_000;
    /** As long as an owner id may be. */
    static final int MAX_SUBJECT_LENGTH = 255;


    private final JwtParser parser;
    private final String audience;
    private final Clock clock;
    private final Duration clockSkew;
    private final Cache<ByteBuffer, Verified> verified;

    public TokenVerifier(SecretKey secret, PublicKey publicKey, String issuer, String audience, long clockSkewSeconds) {
        this(secret, publicKey, issuer, audience, clockSkewSeconds, Clock.systemUTC());
    }

    TokenVerifier(SecretKey secret, PublicKey publicKey, String issuer, String audience, long clockSkewSeconds,
                  Clock clock) {
        if (secret == null && publicKey == null) {
            throw new IllegalStateException("no token key configured: set LEDGER_JWT_SECRET or LEDGER_JWT_PUBLIC_KEY");
        }
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalStateException("LEDGER_JWT_ISSUER and LEDGER_JWT_AUDIENCE must be set");
        }
        this.audience = audience;
        this.clock = clock;
        this.clockSkew = Duration.ofSeconds(clockSkewSeconds);
        this.verified = Caffeine.newBuilder()
                .maximumSize(REMEMBERED_TOKENS)
                .expireAfter(Expiry.creating((ByteBuffer digest, Verified entry) ->
                        remaining(entry.validUntil())))
                .build();
        this.parser = Jwts.parser()
                .clock(() -> Date.from(clock.instant()))
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
        ByteBuffer digest = digest(token);
        Verified known = verified.getIfPresent(digest);
        if (known != null && clock.instant().isBefore(known.validUntil())) {
            return known.caller();
        }
        Verified fresh = parse(token);
        verified.put(digest, fresh);
        return fresh.caller();
    }

    private Verified parse(String token) {
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
        Date issuedAt = claims.getIssuedAt();
        if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant().plus(clockSkew))) {
            throw new InvalidTokenException("token is issued in the future");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("token has no sub claim");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH || subject.codePoints().anyMatch(Character::isISOControl)) {
            // The subject becomes owner ids and principals in events and queries: printable text only.
            throw new InvalidTokenException("token sub must be 1-" + MAX_SUBJECT_LENGTH
                    + " characters without control characters");
        }
        Object scope = claims.get("scope");
        Caller caller = new Caller(subject, Scope.parse(scope instanceof String s ? s : null));
        return new Verified(caller, claims.getExpiration().toInstant().plus(clockSkew));
    }

    private Duration remaining(Instant until) {
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Who a token that passed names, and until when the parser would still accept it. */
    private record Verified(Caller caller, Instant validUntil) {
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
