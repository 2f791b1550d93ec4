package io.ledger.api.web;

import io.ledger.api.problem.ProblemWriter;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Refusals made outside Spring MVC are problem documents too. Two places answer them: the servlet
 * container's error dispatch to {@code /error} (a 405 for TRACE, a {@code sendError} anywhere), answered
 * by {@link ProblemErrorController} in place of Spring Boot's JSON; and Tomcat's error report valve, which
 * answers what never reaches the application (an encoded slash or NUL in the path, an overlong request
 * line or header, a bare CR), answered by {@link ProblemReportValve} in place of Tomcat's HTML page.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    ProblemReportValveInstaller problemReportValve() {
        return new ProblemReportValveInstaller();
    }

    /** Runs after Spring Boot's own customizer, which puts a plain HTML error report valve on the host. */
    static final class ProblemReportValveInstaller
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Tomcat's last word on a response that ended in an error with nothing written: a problem document. */
    public static class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            HttpStatus answer = known == null ? HttpStatus.BAD_REQUEST : known;
            try {
                CorrelationFilter.issueIfMissing(response);
                // Tomcat's own message can quote the refused input: the reason phrase is said instead.
                ProblemWriter.write(request, response, answer, ProblemWriter.codeOf(answer),
                        "the request was refused by the server: " + answer.getReasonPhrase());
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response was committed meanwhile: nothing left to say.
            }
        }
    }

    /** What the container's error dispatch reaches; a request for /error itself is an unknown route. */
    @Hidden
    @RestController
    static class ProblemErrorController implements ErrorController {

        @RequestMapping("/error")
        ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
            // Refused before the correlation filter ran (Tomcat's own TRACE refusal): one is issued here.
            CorrelationFilter.issueIfMissing(response);
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
            if (status == null || !status.isError()) {
                status = HttpStatus.NOT_FOUND;
            }
            Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            String detail = status == HttpStatus.METHOD_NOT_ALLOWED
                    ? "method " + request.getMethod() + " is not allowed here" : status.getReasonPhrase();
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemWriter.problem(status, ProblemWriter.codeOf(status), detail,
                            path instanceof String uri ? uri : request.getRequestURI()));
        }
    }
}
