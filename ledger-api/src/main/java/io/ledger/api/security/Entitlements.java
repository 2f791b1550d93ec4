package io.ledger.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.ledger.api.security.Scope.ADMIN;
import static io.ledger.api.security.Scope.BACKOFFICE;
import static io.ledger.api.security.Scope.BANK;
import static io.ledger.api.security.Scope.COMPLIANCE;
import static io.ledger.api.security.Scope.METRICS;
import static io.ledger.api.security.Scope.WALLET;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

/**
 * Who may call what: every route of the service, the scopes that may call it, and the name its calls
 * carry in security events. This is the whole list. A request that matches no rule here is refused
 * (401 without a token, 403 with one), so a new endpoint is closed until a rule names it;
 * EntitlementsIT fails while any mapped route lacks its rule.
 *
 * <p>A scope here lets the call in; which objects it may then touch is the object-level rule of the
 * call itself: a wallet acts for its own subject only and gets 404 for another owner's account,
 * payment or payout (docs/api.md, "Authentication and entitlements").
 */
public final class Entitlements {

    /** One route: its HTTP method and Spring path pattern, the scopes that may call it, its action name. */
    public record Rule(String action, HttpMethod method, String pattern, Set<Scope> scopes, RequestMatcher matcher) {

        Rule(String action, HttpMethod method, String pattern, Set<Scope> scopes) {
            this(action, method, pattern, scopes, PathPatternRequestMatcher.pathPattern(method, pattern));
        }

        /** The refusal's words when a token holds none of the scopes. */
        public String needs() {
            return "this operation needs scope " + scopes.stream().map(Scope::claimValue).sorted()
                    .collect(Collectors.joining(" or "));
        }

        /** The authorities Spring Security checks: {@code SCOPE_} and the claim value, as OAuth2 resource servers name them. */
        String[] authorities() {
            return scopes.stream().map(Scope::authority).toArray(String[]::new);
        }
    }

    /** Answered without a token: the API's description and its browser, and the probes (a status word only). */
    public static final List<String> PUBLIC_GETS = List.of(
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**",
            "/actuator/health/liveness", "/actuator/health/readiness");

    public static final List<Rule> RULES = List.of(
            rule("account.open", POST, "/v1/accounts", WALLET, ADMIN),
            rule("account.list", GET, "/v1/accounts", WALLET, BACKOFFICE, ADMIN),
            rule("account.read", GET, "/v1/accounts/{accountId}", WALLET, BACKOFFICE, ADMIN),
            rule("account.entries", GET, "/v1/accounts/{accountId}/entries", WALLET, BACKOFFICE, ADMIN),
            rule("account.statement", GET, "/v1/accounts/{accountId}/statement", WALLET, BACKOFFICE, COMPLIANCE, ADMIN),
            rule("account.freeze", POST, "/v1/accounts/{accountId}/freeze", BACKOFFICE),
            rule("account.unfreeze", POST, "/v1/accounts/{accountId}/unfreeze", BACKOFFICE),
            rule("account.close", POST, "/v1/accounts/{accountId}/close", ADMIN),
            rule("limits.read", GET, "/v1/limits/accounts/{accountId}", WALLET, BACKOFFICE, ADMIN),
            rule("limits.set", PUT, "/v1/limits/accounts/{accountId}", BACKOFFICE, ADMIN),
            rule("limits.owner.read", GET, "/v1/limits/owners/{currency}", WALLET),
            rule("limits.owner.set", PUT, "/v1/limits/owners/{currency}", BACKOFFICE, ADMIN),
            rule("limits.types.read", GET, "/v1/limits/types", BACKOFFICE, COMPLIANCE, ADMIN),
            rule("limits.types.set", PUT, "/v1/limits/types/{type}/{currency}", BACKOFFICE, ADMIN),
            rule("risk.rules.read", GET, "/v1/risk/rules", BACKOFFICE, COMPLIANCE, ADMIN),
            rule("risk.rules.version", GET, "/v1/risk/rules/{version}", BACKOFFICE, COMPLIANCE, ADMIN),
            rule("risk.rules.publish", PUT, "/v1/risk/rules", BACKOFFICE, ADMIN),
            rule("review.list", GET, "/v1/reviews", BACKOFFICE, ADMIN),
            rule("review.approve", POST, "/v1/reviews/{paymentId}/approve", BACKOFFICE),
            rule("review.decline", POST, "/v1/reviews/{paymentId}/decline", BACKOFFICE),
            rule("review.payout.approve", POST, "/v1/reviews/payouts/{payoutId}/approve", BACKOFFICE),
            rule("review.payout.decline", POST, "/v1/reviews/payouts/{payoutId}/decline", BACKOFFICE),

            rule("payment.create", POST, "/v1/payments", WALLET, ADMIN),
            rule("payment.list", GET, "/v1/payments", WALLET, BACKOFFICE, ADMIN),
            rule("payment.read", GET, "/v1/payments/{paymentId}", WALLET, BACKOFFICE, ADMIN),
            rule("payment.reverse", POST, "/v1/payments/{paymentId}/reversal", BACKOFFICE),
            rule("payment.capture", POST, "/v1/payments/{paymentId}/capture", WALLET, BACKOFFICE),
            rule("payment.void", POST, "/v1/payments/{paymentId}/void", WALLET, BACKOFFICE),

            rule("batch.create", POST, "/v1/payment-batches", WALLET, ADMIN),
            rule("batch.read", GET, "/v1/payment-batches/{batchId}", WALLET, BACKOFFICE, ADMIN),
            rule("batch.items", GET, "/v1/payment-batches/{batchId}/items", WALLET, BACKOFFICE, ADMIN),
            rule("batch.cancel", POST, "/v1/payment-batches/{batchId}/cancel", WALLET, BACKOFFICE, ADMIN),

            rule("file.upload", POST, "/v1/payment-files", WALLET, ADMIN),
            rule("file.read", GET, "/v1/payment-files/{fileId}", WALLET, BACKOFFICE, ADMIN),
            rule("file.items", GET, "/v1/payment-files/{fileId}/items", WALLET, BACKOFFICE, ADMIN),
            rule("file.report", GET, "/v1/payment-files/{fileId}/status-report", WALLET, BACKOFFICE, ADMIN),
            rule("file.cancel", POST, "/v1/payment-files/{fileId}/cancel", WALLET, BACKOFFICE, ADMIN),

            rule("payout.create", POST, "/v1/payouts", WALLET),
            rule("payout.list", GET, "/v1/payouts", WALLET, BANK, BACKOFFICE, ADMIN),
            rule("payout.read", GET, "/v1/payouts/{payoutId}", WALLET, BANK, BACKOFFICE, ADMIN),
            rule("payout.bank-result", POST, "/v1/payouts/{payoutId}/bank-result", BANK),

            rule("bank-account.link", POST, "/v1/bank-accounts", ADMIN),
            rule("bank-account.list", GET, "/v1/bank-accounts", BANK, BACKOFFICE, ADMIN),
            rule("statement.upload", POST, "/v1/bank-statements", BANK, ADMIN),
            rule("statement.list", GET, "/v1/bank-statements", BANK, BACKOFFICE, ADMIN),
            rule("statement.read", GET, "/v1/bank-statements/{statementId}", BANK, BACKOFFICE, ADMIN),
            rule("statement.reconciliation", GET, "/v1/bank-statements/{statementId}/reconciliation",
                    BANK, BACKOFFICE, COMPLIANCE, ADMIN),
            rule("reconciliation.exceptions", GET, "/v1/reconciliation/exceptions", BACKOFFICE, ADMIN),
            rule("reconciliation.exception", GET, "/v1/reconciliation/exceptions/{exceptionId}", BACKOFFICE, ADMIN),
            rule("reconciliation.resolve", POST, "/v1/reconciliation/exceptions/{exceptionId}/resolve", BACKOFFICE),
            rule("reconciliation.suspense", POST, "/v1/reconciliation/exceptions/{exceptionId}/suspense", BACKOFFICE),
            rule("reconciliation.suspense.approve", POST,
                    "/v1/reconciliation/exceptions/{exceptionId}/suspense/approve", BACKOFFICE),
            rule("reconciliation.suspense.reject", POST,
                    "/v1/reconciliation/exceptions/{exceptionId}/suspense/reject", BACKOFFICE),

            rule("audit.events", GET, "/v1/audit/events", COMPLIANCE),
            rule("audit.export", GET, "/v1/audit/export", COMPLIANCE),
            rule("audit.verify", GET, "/v1/audit/verify", COMPLIANCE),
            rule("audit.trace", GET, "/v1/audit/trace/{correlationId}", COMPLIANCE),
            rule("audit.integrity", GET, "/v1/audit/integrity", COMPLIANCE),
            rule("audit.public-key", GET, "/v1/audit/public-key", COMPLIANCE),
            rule("privacy.erase", POST, "/v1/data-subject-erasures", COMPLIANCE),

            rule("admin.read-models", GET, "/v1/admin/read-models", ADMIN),
            rule("admin.read-models.rebuild", POST, "/v1/admin/read-models/rebuild", ADMIN),
            rule("admin.read-models.release", POST, "/v1/admin/read-models/{projection}/release", ADMIN),
            rule("admin.dead-letters", GET, "/v1/admin/dead-letters/{projection}", ADMIN),
            rule("admin.dead-letters.retry", POST, "/v1/admin/dead-letters/{projection}/retry", ADMIN),
            rule("admin.dead-letters.evict", DELETE, "/v1/admin/dead-letters/{projection}", ADMIN),

            rule("ops.metrics", GET, "/actuator/prometheus", METRICS),
            rule("ops.health", GET, "/actuator/health", ADMIN),
            rule("ops.health", GET, "/actuator/health/**", ADMIN),
            rule("ops.index", GET, "/actuator", ADMIN));

    private Entitlements() {
    }

    /** The rule a request falls under, as Spring Security matched it; null where none does (it is refused). */
    public static Rule ruleFor(HttpServletRequest request) {
        for (Rule rule : RULES) {
            if (rule.matcher().matches(request)) {
                return rule;
            }
        }
        return null;
    }

    /**
     * The rule of an action by its name, for the console, which calls the same services as the routes and is let in
     * by the same rules (ADR 0027).
     */
    public static Rule action(String action) {
        return RULES.stream().filter(rule -> rule.action().equals(action)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no rule names action " + action));
    }

    private static Rule rule(String action, HttpMethod method, String pattern, Scope first, Scope... more) {
        Set<Scope> scopes = EnumSet.of(first);
        scopes.addAll(Arrays.asList(more));
        return new Rule(action, method, pattern, Set.copyOf(scopes));
    }
}
