package io.ledger.api.web;

import io.ledger.api.problem.ProblemWriter;
import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.common.IdentifierFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Gives every request a correlation id: the caller's X-Correlation-Id when it is well formed, a new
 * one otherwise. It is echoed on the response, logged with every line, and written into the metadata
 * of every command and event the request causes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    public static final String ATTRIBUTE = CorrelationFilter.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * For answers given where this filter did not run (the container's own refusals and its error dispatch):
     * a new id, so that every response carries one as docs/api.md promises.
     */
    static void issueIfMissing(HttpServletResponse response) {
        if (response.getHeader(HEADER) == null) {
            response.setHeader(HEADER, IdentifierFactory.getInstance().generateIdentifier());
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        boolean valid = given != null && VALID.matcher(given).matches();
        // A new id comes from the factory Axon's message ids come from: time-ordered, so the lineage and audit
        // indexes keyed by it grow at one end (TimeOrderedIdentifierFactory).
        String correlationId = valid ? given : IdentifierFactory.getInstance().generateIdentifier();
        response.setHeader(HEADER, correlationId);
        if (given != null && !valid) {
            // Refused, and the refusal itself is traceable under the id issued in its place.
            ProblemWriter.write(request, response, HttpStatus.BAD_REQUEST, ErrorCode.VALIDATION_FAILED,
                    HEADER + " must match [A-Za-z0-9._:-]{1,128}");
            return;
        }
        request.setAttribute(ATTRIBUTE, correlationId);
        MDC.put("correlationId", correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("correlationId");
        }
    }
}
