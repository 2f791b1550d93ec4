package io.ledger.api.console;

import io.ledger.api.security.Caller;
import io.ledger.api.security.CallerAuthentication;
import io.ledger.api.security.Scope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

import java.io.IOException;

/** Console sessions: who is signed in, kept in the HTTP session, whichever way they signed in. */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Component
class ConsoleSessions {

    private final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    SecurityContextRepository repository() {
        return repository;
    }

    /**
     * Signs this caller in, in a new session id (no fixation), and goes to the console's first page; a caller without
     * a console scope (a wallet) is refused and signed in to nothing.
     */
    void signIn(HttpServletRequest request, HttpServletResponse response, Caller caller) throws IOException {
        if (!caller.hasAny(Scope.BACKOFFICE, Scope.COMPLIANCE, Scope.ADMIN)) {
            SecurityContextHolder.clearContext();
            if (request.getSession(false) != null) {
                request.getSession(false).invalidate();
            }
            response.sendRedirect(request.getContextPath() + ConsoleSecurity.ROOT + "/sign-in?refused");
            return;
        }
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(CallerAuthentication.signedIn(caller));
        SecurityContextHolder.setContext(context);
        repository.saveContext(context, request, response);
        response.sendRedirect(request.getContextPath() + ConsoleSecurity.ROOT);
    }
}
