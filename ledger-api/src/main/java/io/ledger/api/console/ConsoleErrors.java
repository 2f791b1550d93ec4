package io.ledger.api.console;

import io.ledger.api.web.ProblemHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A refusal on a console page is the API's problem for the same failure (its code and detail), shown as a page with
 * the same status, so what a back-office user reads is what a client of the API would have been told.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ControllerAdvice(assignableTypes = {ConsolePages.class, ConsoleWorkPages.class, ConsoleReconciliationPages.class,
        ConsoleSignInPage.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private final ProblemHandler problems;

    ConsoleErrors(ProblemHandler problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Exception.class)
    ModelAndView refused(Exception e, HttpServletRequest request, HttpServletResponse response) {
        ProblemDetail problem = problems.problemFor(e, request);
        response.setStatus(problem.getStatus());
        ModelAndView page = new ModelAndView("console/refused");
        page.addObject("problem", problem);
        page.addObject("code", problem.getProperties() == null ? null : problem.getProperties().get("code"));
        ConsoleGuard.signedIn(io.ledger.api.security.Caller.current(), page::addObject);
        return page;
    }
}
