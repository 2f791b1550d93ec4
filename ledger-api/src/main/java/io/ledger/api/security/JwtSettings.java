package io.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Token validation settings, from the environment (README, "Configuration"): LEDGER_JWT_ISSUER_URI (an OpenID
 * Connect or OAuth issuer whose discovery document names its JWK set; tokens' iss must be it), LEDGER_JWT_JWK_SET_URI (the
 * issuer's JWK set, RS256 and ES256 keys by kid, rotating without a restart), LEDGER_JWT_PUBLIC_KEY (one PEM
 * key, RS256 or ES256), LEDGER_JWT_SECRET (base64, at least 256 bits, HS256: development only),
 * LEDGER_JWT_ISSUER, LEDGER_JWT_AUDIENCE; LEDGER_JWT_JWK_SET_TTL how long a fetched key set is used before it
 * is fetched again, LEDGER_JWT_JWK_REFETCH_MIN_INTERVAL how soon an unknown kid may fetch it again.
 */
@ConfigurationProperties("ledger.jwt")
public record JwtSettings(String issuerUri, String jwkSetUri, String publicKey, String secret, String issuer, String audience,
                          Duration clockSkew, Duration jwkSetTtl, Duration jwkRefetchMinInterval, String devSecretFile) {

    public JwtSettings {
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        jwkSetTtl = jwkSetTtl == null ? Duration.ofMinutes(5) : jwkSetTtl;
        jwkRefetchMinInterval = jwkRefetchMinInterval == null ? Duration.ofSeconds(30) : jwkRefetchMinInterval;
    }
}
