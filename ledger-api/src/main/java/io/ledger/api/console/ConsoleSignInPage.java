package io.ledger.api.console;

import io.ledger.api.security.Caller;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;

/**
 * The sign-in page: the configured issuer's single sign-on, or, in development on the development token secret and
 * only then, the development users (ADR 0027).
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Controller
@RequestMapping(ConsoleSecurity.ROOT + "/sign-in")
class ConsoleSignInPage {

    private final ConsoleSecurity.SignIn signIn;
    private final ConsoleSessions sessions;

    ConsoleSignInPage(ConsoleSecurity.SignIn signIn, ConsoleSessions sessions) {
        this.signIn = signIn;
        this.sessions = sessions;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("developmentUsers", signIn.developmentUsers() ? ConsoleSecurity.DEVELOPMENT_USERS : null);
        model.addAttribute("oidc", signIn.oidc() == null ? null
                : ConsoleSecurity.ROOT + "/oauth2/authorization/" + ConsoleSecurity.REGISTRATION);
        return "console/sign-in";
    }

    @PostMapping("/development")
    void development(@RequestParam String user, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!signIn.developmentUsers()) {
            // Not offered on this run: there is nothing here.
            throw new LedgerException(ErrorCode.ROUTE_NOT_FOUND, "no development sign-in on this service");
        }
        ConsoleSecurity.DevelopmentUser chosen = ConsoleSecurity.DEVELOPMENT_USERS.stream()
                .filter(candidate -> candidate.subject().equals(user)).findFirst()
                .orElseThrow(() -> new LedgerException(ErrorCode.VALIDATION_FAILED, "no such development user"));
        sessions.signIn(request, response, new Caller(chosen.subject(), chosen.scopes()));
    }
}
