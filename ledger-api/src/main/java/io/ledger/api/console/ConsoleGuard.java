package io.ledger.api.console;

import io.ledger.api.security.Caller;
import io.ledger.api.security.Entitlements;
import io.ledger.api.security.SecurityEvents;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page shares: who is signed in, which actions their scopes allow (by the API rule's name), the
 * API's 403 where they do not, and a security event for each privileged action, as the API records one per call.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ControllerAdvice(assignableTypes = {ConsolePages.class, ConsoleWorkPages.class, ConsoleReconciliationPages.class})
class ConsoleGuard {

    private final SecurityEvents events;

    ConsoleGuard(SecurityEvents events) {
        this.events = events;
    }

    @ModelAttribute
    void signedIn(Caller caller, Model model) {
        signedIn(caller, model::addAttribute);
    }

    /** The page's signed-in user and what they may do, for a page rendered outside a handler (a refusal) too. */
    static void signedIn(Caller caller, java.util.function.BiConsumer<String, Object> page) {
        if (caller != null) {
            page.accept("caller", caller);
            page.accept("can", new Allowed(caller));
        }
    }

    /** Answers whether the signed-in caller's scopes let in an action, by its API rule's name. */
    public record Allowed(Caller caller) {

        public boolean to(String action) {
            return Entitlements.action(action).scopes().stream().anyMatch(caller::has);
        }
    }

    /** The action's API rule, if the caller's scopes meet it; the API's 403 otherwise. */
    static Entitlements.Rule entitled(Caller caller, String action) {
        Entitlements.Rule rule = Entitlements.action(action);
        if (rule.scopes().stream().noneMatch(caller::has)) {
            throw new LedgerException(ErrorCode.FORBIDDEN, rule.needs());
        }
        return rule;
    }

    /** Records a privileged action the console performed, as the API's filter does for a call. */
    void performed(HttpServletRequest request, Caller caller, Entitlements.Rule rule) {
        events.privilegedAction(request, caller, rule, 303);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
