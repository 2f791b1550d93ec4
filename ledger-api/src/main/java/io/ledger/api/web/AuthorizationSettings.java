package io.ledger.api.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** How long an authorization lives: defaultTtl unless the request says, at most maxTtl (application.yml). */
@ConfigurationProperties("ledger.authorizations")
public record AuthorizationSettings(Duration defaultTtl, Duration maxTtl) {

    public AuthorizationSettings {
        if (defaultTtl == null || maxTtl == null || defaultTtl.isNegative() || defaultTtl.isZero()
                || defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalStateException("ledger.authorizations: default-ttl must be positive and at most max-ttl");
        }
    }
}
