package io.ledger.api.problem;

import io.ledger.messages.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds RFC 9457 problem documents. Every error the API gives, from a filter or a controller, has
 * the same shape: type, title, status, detail, instance and a stable {@code code}.
 */
public final class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemWriter() {
    }

    public static ProblemDetail problem(HttpStatus status, ErrorCode code, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://ledger.example/problems/" + code.name().toLowerCase().replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code.name());
        if (instance != null) {
            try {
                problem.setInstance(URI.create(instance));
            } catch (IllegalArgumentException notAUri) {
                // A refused request's path need not be a valid URI; the problem still answers, without it.
            }
        }
        return problem;
    }

    /** The code of a refusal that only has a status: framework and container errors. */
    public static ErrorCode codeOf(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> ErrorCode.MALFORMED_REQUEST;
            case NOT_FOUND -> ErrorCode.ROUTE_NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
            case UNSUPPORTED_MEDIA_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case NOT_ACCEPTABLE -> ErrorCode.NOT_ACCEPTABLE;
            case SERVICE_UNAVAILABLE -> ErrorCode.SERVICE_UNAVAILABLE;
            case CONTENT_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
            case TOO_MANY_REQUESTS -> ErrorCode.RATE_LIMITED;
            case UNAUTHORIZED -> ErrorCode.UNAUTHENTICATED;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
            default -> status.is4xxClientError() ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    }

    /** For filters, which run before Spring MVC's message converters. */
    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                             ErrorCode code, String detail) throws IOException {
        ProblemDetail problem = problem(status, code, detail, request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        body.putAll(problem.getProperties());
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
