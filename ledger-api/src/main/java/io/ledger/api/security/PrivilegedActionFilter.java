package io.ledger.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Every call made with a back-office or admin token, and every change made with a compliance token (an
 * erasure), is a security event once it is answered: which action (its {@link Entitlements} rule), by whom,
 * and whether it succeeded. Calls its scopes do not let in
 * are recorded as denials instead, by the access-denied handler.
 */
final class PrivilegedActionFilter extends OncePerRequestFilter {

    private final SecurityEvents events;

    PrivilegedActionFilter(SecurityEvents events) {
        this.events = events;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = Caller.current();
        boolean privileged = caller != null && (caller.hasAny(Scope.BACKOFFICE, Scope.ADMIN)
                || caller.has(Scope.COMPLIANCE) && !"GET".equals(request.getMethod()));
        Entitlements.Rule rule = privileged ? Entitlements.ruleFor(request) : null;
        if (rule == null || rule.scopes().stream().noneMatch(caller::has)) {
            chain.doFilter(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            events.privilegedAction(request, caller, rule, response.getStatus());
        }
    }
}
