package io.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Token validation settings, from the environment: LEDGER_JWT_SECRET (base64, at least 256 bits, for
 * HS256), LEDGER_JWT_PUBLIC_KEY (PEM file, RS256 or ES256), LEDGER_JWT_ISSUER, LEDGER_JWT_AUDIENCE.
 */
@ConfigurationProperties("ledger.jwt")
public record JwtSettings(String secret, String publicKey, String issuer, String audience, Duration clockSkew,
                          String devSecretFile) {

    public JwtSettings {
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
    }
}
