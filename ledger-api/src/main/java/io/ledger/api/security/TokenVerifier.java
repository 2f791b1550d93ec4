package io.ledger.api.security;

import io.ledger.messages.privacy.PersonalData;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring Security's {@link NimbusJwtDecoder} with this service's claim rules, and a memory of tokens
 * that passed. Signatures are checked against {@link TokenKeys}; then {@code iss} must be the configured
 * issuer, {@code aud} must contain the configured audience, {@code exp} is required, {@code nbf} is
 * honoured, an {@code iat} in the future is refused (all within the clock skew), and {@code sub} must be
 * 1-255 printable characters, since it becomes owner ids and principals in events.
 *
 * <p>A token that passed is remembered, by its SHA-256 digest, until it expires (plus the clock skew)
 * or for {@link TokenKeys#rememberAtMost()}, whichever comes first: a wallet sends the same token with
 * every request, and checking it again costs a signature verification each time. Only the exact bytes of a
 * token that passed every check are accepted from memory; refusals are not remembered.
 */
public class TokenVerifier implements JwtDecoder {

    /** Distinct live tokens remembered; beyond this the least recently used are checked again. */
    static final int REMEMBERED_TOKENS = 50_000;
    /** As long as an owner id may be. */
    static final int MAX_SUBJECT_LENGTH = 255;

    private final NimbusJwtDecoder decoder;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration rememberAtMost;
    private final Cache<ByteBuffer, Remembered> verified;

    public TokenVerifier(TokenKeys keys, String issuer, String audience, Duration clockSkew) {
        this(keys, issuer, audience, clockSkew, Clock.systemUTC());
    }

    TokenVerifier(TokenKeys keys, String issuer, String audience, Duration clockSkew, Clock clock) {
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalStateException("LEDGER_JWT_ISSUER and LEDGER_JWT_AUDIENCE must be set");
        }
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.rememberAtMost = keys.rememberAtMost();
        this.verified = Caffeine.newBuilder()
                .maximumSize(REMEMBERED_TOKENS)
                .expireAfter(Expiry.creating((ByteBuffer digest, Remembered entry) -> remaining(entry.until())))
                .build();
        this.decoder = NimbusJwtDecoder.withJwkSource(keys.source())
                .jwtProcessorCustomizer(processor -> {
                    processor.setJWSKeySelector(Ed25519Keys.selector(keys.algorithms(), keys.source()));
                    processor.setJWSVerifierFactory(Ed25519Keys.verifiers());
                })
                .build();
        // Spring's claim conversion makes up an iat (exp minus a second) for a token without one: not here.
        MappedJwtClaimSetConverter standard = MappedJwtClaimSetConverter.withDefaults(Map.of());
        decoder.setClaimSetConverter(claims -> {
            Map<String, Object> converted = standard.convert(claims);
            if (!claims.containsKey(JwtClaimNames.IAT)) {
                converted = new HashMap<>(converted);
                converted.remove(JwtClaimNames.IAT);
            }
            return converted;
        });
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setAllowEmptyExpiryClaim(false);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> ownRules = this::issuedInThePastBySubject;
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(List.of(timestamps,
                new JwtIssuerValidator(issuer), new JwtAudienceValidator(audience), ownRules)));
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        ByteBuffer digest = digest(token);
        Remembered known = verified.getIfPresent(digest);
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.until())) {
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        Instant expires = jwt.getExpiresAt().plus(clockSkew);
        Instant horizon = now.plus(rememberAtMost);
        verified.put(digest, new Remembered(jwt, expires.isBefore(horizon) ? expires : horizon));
        return jwt;
    }

    /**
     * An {@code iat} in the future is refused (Spring's JwtIssuedAtValidator also refuses one older than the skew,
     * which would refuse every token after its first minute), and so is a subject that is no owner id, or that
     * is what an erased owner id reads as.
     */
    private OAuth2TokenValidatorResult issuedInThePastBySubject(Jwt jwt) {
        Instant issuedAt = jwt.getIssuedAt();
        if (issuedAt != null && issuedAt.isAfter(clock.instant().plus(clockSkew))) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token is issued in the future", null));
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
                || subject.codePoints().anyMatch(Character::isISOControl)) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                    "token sub must be 1-" + MAX_SUBJECT_LENGTH + " characters without control characters", null));
        }
        if (PersonalData.ERASED.equals(subject)) {
            // What an erased owner id reads as (ADR 0021): such a subject would own every erased subject's accounts.
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "token sub is reserved", null));
        }
        return OAuth2TokenValidatorResult.success();
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

    /** A token that passed, and until when it is taken from memory. */
    private record Remembered(Jwt jwt, Instant until) {
    }
}
