package io.ledger.api.security;

import io.ledger.api.problem.ProblemWriter;
import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Authenticates every request with a bearer token before anything else reads it. Failures are
 * written here as 401 problem documents (not sendError, whose re-dispatch to /error would need a
 * token of its own). Tokens in the query string are refused: they end up in logs and browser history.
 */
public class AuthenticationFilter extends OncePerRequestFilter {

    private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)(access_token|token|jwt)=", Pattern.CASE_INSENSITIVE);

    /**
     * Answered without a token: the API's own description and its browser (they describe the API and hold
     * no ledger data), and the liveness and readiness probes (a status word only, no details).
     */
    private static final Pattern PUBLIC = Pattern.compile(
            "^/(v3/api-docs|swagger-ui)(/.*|\\.html|\\.yaml)?$|^/actuator/health/(liveness|readiness)$");
    private static final String METRICS = "/actuator/prometheus";

    private final TokenVerifier verifier;

    public AuthenticationFilter(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) && PUBLIC.matcher(routedPath(request)).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && TOKEN_IN_QUERY.matcher(query).find()) {
            unauthorized(request, response, "tokens are accepted in the Authorization header only");
            return;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            unauthorized(request, response, "a bearer token is required");
            return;
        }
        Caller caller;
        try {
            caller = verifier.verify(header.substring(7).trim());
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
        } catch (TokenVerifier.InvalidTokenException e) {
            unauthorized(request, response, e.getMessage());
            return;
        }
        String path = routedPath(request);
        if (path.startsWith("/actuator")) {
            // Metrics go to a scraper with scope metrics; health in detail describes the whole service: admin.
            Scope needed = path.equals(METRICS) ? Scope.METRICS : Scope.ADMIN;
            if (!caller.has(needed)) {
                ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN,
                        "this operations endpoint needs scope " + needed.claimValue());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The path as the router reads it: percent-decoded ({@code /%61ctuator} is {@code /actuator}),
     * within the application. The raw request URI is not what routing matches, so no entitlement is
     * decided on it; RequestFirewallFilter has already refused paths that decode ambiguously.
     */
    static String routedPath(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHENTICATED, detail);
    }
}
