package io.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Map;

/**
 * Requests per caller (token subject): a bucket of {@code capacity} requests refilled at
 * {@code perSecond}, per scope; a token with several scopes gets its most generous one.
 */
@ConfigurationProperties("ledger.rate-limit")
public record RateLimitSettings(boolean enabled, Map<String, Limit> scopes, long maxBodyBytes) {

    public record Limit(long capacity, long perSecond) {
    }

    public RateLimitSettings {
        scopes = scopes == null ? Map.of() : Map.copyOf(scopes);
        maxBodyBytes = maxBodyBytes <= 0 ? 64 * 1024 : maxBodyBytes;
    }
}
