package io.ledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Machine clients (ADR 0020): LEDGER_MTLS_SCOPES, the scopes whose tokens must be bound to a client certificate
 * and arrive over mutual TLS with it (RFC 8705), e.g. {@code bank} or {@code bank admin}; none by default.
 */
@ConfigurationProperties("ledger.mtls")
public record MachineSettings(String scopes) {

    public MachineSettings {
        scopes = scopes == null ? "" : scopes;
    }
}
