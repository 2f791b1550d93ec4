package io.ledger.api.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import java.time.Duration;

/**
 * The console's settings ({@code ledger.console.*}). It signs its users in with OpenID Connect against
 * {@code oidc.issuer-uri} (discovered), or against the endpoints named one by one where an issuer has no discovery
 * document; without either, and only in development on the development token secret, it offers the development
 * users instead (ADR 0027).
 *
 * @param oidc        the OpenID Connect client the console is
 * @param idleTimeout how long a console session lasts without a request
 */
@ConfigurationProperties("ledger.console")
public record ConsoleSettings(Oidc oidc, Duration idleTimeout) {

    public ConsoleSettings {
        oidc = oidc == null ? new Oidc(null, null, null, null, null, null, null, null) : oidc;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
    }

    /**
     * @param issuerUri        the issuer; its discovery document names the endpoints
     * @param clientId         the console's client id at the issuer
     * @param clientSecret     its secret (a confidential client; PKCE is used as well)
     * @param scopes           the scopes asked for, space-separated; the ones granted decide what the console shows
     * @param authorizationUri the authorization endpoint, where the issuer is not discovered
     * @param tokenUri         the token endpoint, likewise
     * @param jwkSetUri        the issuer's keys, likewise
     * @param userNameClaim    the claim shown as the signed-in user's name (the subject is what is recorded)
     */
    public record Oidc(String issuerUri, String clientId, String clientSecret, String scopes, String authorizationUri,
                       String tokenUri, String jwkSetUri, String userNameClaim) {

        public Oidc {
            scopes = StringUtils.hasText(scopes) ? scopes : "openid backoffice compliance admin";
            userNameClaim = StringUtils.hasText(userNameClaim) ? userNameClaim : "sub";
        }

        boolean configured() {
            return StringUtils.hasText(clientId)
                    && (StringUtils.hasText(issuerUri) || StringUtils.hasText(authorizationUri));
        }
    }
}
