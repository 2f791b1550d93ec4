package io.ledger.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import org.springframework.stereotype.Component;

/**
 * Security events for a SIEM, as Elastic Common Schema fields on log lines of the logger
 * {@value #LOGGER} (JSON lines under {@code java -jar}; the correlation id is the MDC's, on every line):
 * {@code event.kind}, {@code event.category}, {@code event.action}, {@code event.outcome},
 * {@code event.reason}, {@code user.id} (the token's subject), {@code source.ip},
 * {@code http.request.method} and {@code url.path} — the route's pattern, never the path itself, which
 * can carry account ids. No token, key, claim other than {@code sub}, request body or header is ever
 * written here (SecurityEventsIT).
 */
@Component
public final class SecurityEvents {

    public static final String LOGGER = "ledger.security";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /** A request without a valid token: none, malformed, badly signed, expired, or for another issuer or audience. */
    public void authenticationFailed(HttpServletRequest request, String reason) {
        request(log.atWarn(), request, Entitlements.ruleFor(request), null).addKeyValue("event.category", "authentication")
                .addKeyValue("event.action", "token-verification").addKeyValue("event.outcome", "failure")
                .addKeyValue("event.reason", reason).log("authentication failed");
    }

    /**
     * A valid token refused the call: no rule lets its scopes in, or the call refused it for what it asked. The
     * rule is the one the request falls under, null where none does.
     */
    public void accessDenied(HttpServletRequest request, Caller caller, Entitlements.Rule rule, String reason) {
        request(log.atWarn(), request, rule, caller).addKeyValue("event.category", "iam")
                .addKeyValue("event.action", rule == null ? "unrouted" : rule.action()).addKeyValue("event.outcome", "failure")
                .addKeyValue("event.reason", reason).log("access denied");
    }

    public void rateLimited(HttpServletRequest request, Caller caller) {
        request(log.atWarn(), request, Entitlements.ruleFor(request), caller).addKeyValue("event.category", "web")
                .addKeyValue("event.action", "rate-limit").addKeyValue("event.outcome", "failure")
                .addKeyValue("event.reason", "the caller's token bucket is empty").log("rate limit reached");
    }

    /** A call by the back office or an operator, once answered: what, by whom, and whether it succeeded. */
    public void privilegedAction(HttpServletRequest request, Caller caller, Entitlements.Rule rule, int status) {
        request(log.atInfo(), request, rule, caller).addKeyValue("event.category", "web")
                .addKeyValue("event.action", rule.action()).addKeyValue("event.outcome", status < 400 ? "success" : "failure")
                .addKeyValue("http.response.status_code", status).log("privileged action");
    }

    /** The token keys were fetched again (a rotation, an unknown kid, the cache's time), or could not be. */
    public void keySetRefreshed(String outcome, String reason, Integer keys) {
        LoggingEventBuilder event = log.atInfo().addKeyValue("event.kind", "event")
                .addKeyValue("event.category", "configuration").addKeyValue("event.action", "jwk-set-refresh")
                .addKeyValue("event.outcome", outcome).addKeyValue("event.reason", reason);
        (keys == null ? event : event.addKeyValue("ledger.jwk_set.keys", keys)).log("token keys refreshed");
    }

    private static LoggingEventBuilder request(LoggingEventBuilder event, HttpServletRequest request,
                                               Entitlements.Rule rule, Caller caller) {
        event = event.addKeyValue("event.kind", "event")
                .addKeyValue("source.ip", request.getRemoteAddr())
                .addKeyValue("http.request.method", request.getMethod());
        if (rule != null) {
            event = event.addKeyValue("url.path", rule.pattern());
        }
        return caller == null ? event : event.addKeyValue("user.id", caller.subject());
    }
}
