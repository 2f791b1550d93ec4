package io.ledger.api.security;

import io.ledger.api.problem.ProblemWriter;
import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.function.Predicate;

/**
 * The first check every request meets: a request whose path a filter and the router could read
 * differently (encoded slashes, dots, backslashes or percent signs, semicolons, {@code //}, dot
 * segments, NUL or other control characters), or whose headers or parameters hold control
 * characters, is refused with 400 before any entitlement is decided on it. Spring Security's
 * {@link StrictHttpFirewall} decides; the wrapper it returns checks headers and parameters as they
 * are read, so all of them are read here once, where a refusal can still be a clean 400.
 *
 * <p>Any HTTP method passes: an unmapped one (TRACE) gets the router's 405 problem.
 */
public class RequestFirewallFilter extends OncePerRequestFilter {

    private static final Predicate<String> NO_CONTROL_CHARACTERS =
            value -> value.codePoints().noneMatch(Character::isISOControl);

    private final StrictHttpFirewall firewall = firewall();

    /** The firewall as configured here; Spring Security's filter chain uses the same. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedParameterNames(NO_CONTROL_CHARACTERS);
        firewall.setAllowedParameterValues(NO_CONTROL_CHARACTERS);
        return firewall;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest checked;
        try {
            checked = firewall.getFirewalledRequest(request);
            for (String name : Collections.list(checked.getHeaderNames())) {
                Collections.list(checked.getHeaders(name));
            }
            checked.getParameterMap();
        } catch (RequestRejectedException e) {
            // The exception's message quotes the offending value (a header may be a token): not echoed.
            ProblemWriter.write(request, response, HttpStatus.BAD_REQUEST, ErrorCode.MALFORMED_REQUEST,
                    "the request's path, headers or parameters are ambiguous or hold control characters");
            return;
        }
        chain.doFilter(checked, response);
    }
}
