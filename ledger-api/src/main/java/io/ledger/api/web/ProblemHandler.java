package io.ledger.api.web;

import io.ledger.api.ops.SettlementBacklog;
import io.ledger.api.problem.ProblemWriter;
import io.ledger.api.security.BodySizeFilter;
import io.ledger.api.security.Caller;
import io.ledger.api.security.Entitlements;
import io.ledger.api.security.SecurityEvents;
import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into an RFC 9457 problem document with a stable {@code code}. Ledger refusals
 * keep their own code; framework errors (bad JSON, wrong media type, unknown route) get one by status.
 * Unexpected errors answer 500 without internals; the log has them, under the correlation id.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final SecurityEvents events;

    ProblemHandler(SecurityEvents events) {
        this.events = events;
    }

    /**
     * The problem the API answers for this failure, for the console, which shows the same code and detail on its
     * pages (ADR 0027).
     */
    public ProblemDetail problemFor(Exception e, HttpServletRequest request) {
        ResponseEntity<?> answer;
        if (e instanceof LedgerException refused) {
            answer = ledger(refused, request);
        } else if (e instanceof SettlementBacklog.Full full) {
            answer = busy(full, request);
        } else if (e instanceof CommandExecutionException failed) {
            answer = command(failed, request);
        } else if (e instanceof AggregateNotFoundException missing) {
            answer = notFound(missing, request);
        } else {
            answer = framework(e, request);
        }
        return (ProblemDetail) answer.getBody();
    }

    private ResponseEntity<?> framework(Exception e, HttpServletRequest request) {
        try {
            ResponseEntity<?> answer = handleException(e, new ServletWebRequest(request));
            return answer != null ? answer : unexpected(e, request);
        } catch (Exception unknown) {
            return unexpected(e, request);
        }
    }

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<ProblemDetail> ledger(LedgerException e, HttpServletRequest request) {
        if (e.code() == ErrorCode.FORBIDDEN) {
            // Let in by its scopes, refused by the call's own rule (a wallet opening a merchant account).
            events.accessDenied(request, Caller.current(), Entitlements.ruleFor(request), e.getMessage());
        }
        return respond(statusOf(e.code()), e.code(), e.getMessage(), request);
    }

    @ExceptionHandler(SettlementBacklog.Full.class)
    ResponseEntity<ProblemDetail> busy(SettlementBacklog.Full e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(ProblemWriter.problem(HttpStatus.SERVICE_UNAVAILABLE, e.code(), e.getMessage(),
                        request.getRequestURI()));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> command(CommandExecutionException e, HttpServletRequest request) {
        if (e.getCause() instanceof LedgerException ledger) {
            return ledger(ledger, request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e, HttpServletRequest request) {
        return respond(HttpStatus.NOT_FOUND, ErrorCode.ROUTE_NOT_FOUND, "no such resource", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL_ERROR,
                "the request failed; quote the X-Correlation-Id when reporting it", request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeFilter.PayloadTooLargeException tooLarge) {
                String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
                return new ResponseEntity<>(ProblemWriter.problem(HttpStatus.CONTENT_TOO_LARGE,
                        ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), path), problemHeaders(),
                        HttpStatus.CONTENT_TOO_LARGE);
            }
        }
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail() : status.getReasonPhrase();
        if (status == HttpStatus.BAD_REQUEST) {
            // Jackson's messages can quote the payload; say what is wrong without echoing it.
            detail = "the request is malformed: " + ex.getClass().getSimpleName().replace("Exception", "");
        }
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
        ProblemDetail problem = ProblemWriter.problem(status, ProblemWriter.codeOf(status), detail, path);
        HttpHeaders out = problemHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, out, status);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatus status, ErrorCode code, String detail,
                                                         HttpServletRequest request) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemWriter.problem(status, code, detail, request.getRequestURI()));
    }

    public static HttpStatus statusOf(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED, INVALID_AMOUNT, UNKNOWN_CURRENCY, INVALID_ACCOUNT_ID, SAME_ACCOUNT,
                 MALFORMED_REQUEST -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN, FOUR_EYES_REQUIRED -> HttpStatus.FORBIDDEN;
            case ACCOUNT_NOT_FOUND, OWNER_LIMITS_NOT_FOUND, PAYMENT_NOT_FOUND, PAYOUT_NOT_FOUND, DATA_SUBJECT_NOT_FOUND, BATCH_NOT_FOUND, ROUTE_NOT_FOUND,
                 RISK_RULES_NOT_FOUND, BANK_STATEMENT_NOT_FOUND, RECONCILIATION_EXCEPTION_NOT_FOUND ->
                    HttpStatus.NOT_FOUND;
            case ACCOUNT_ALREADY_EXISTS, ACCOUNT_FROZEN, ACCOUNT_NOT_FROZEN, ACCOUNT_CLOSED, ACCOUNT_NOT_EMPTY,
                 PAYMENT_NOT_PENDING, PAYMENT_NOT_SETTLED, PAYMENT_ALREADY_REVERSED, REVERSAL_IN_PROGRESS,
                 CANNOT_REVERSE_A_REVERSAL, PAYMENT_NOT_AUTHORIZED, PAYMENT_NOT_IN_REVIEW, PAYOUT_NOT_IN_REVIEW,
                 PAYOUT_NOT_AWAITING_RESULT, BANK_RESULT_CONFLICT,
                 DATA_SUBJECT_HAS_OPEN_ACCOUNTS, EXTERNAL_REFERENCE_TAKEN, BATCH_NOT_CANCELLABLE,
                 PAYMENT_IN_ATOMIC_BATCH, BANK_ACCOUNT_ALREADY_LINKED, BANK_STATEMENT_CONFLICT, EXCEPTION_NOT_OPEN,
                 LEDGER_ITEM_ALREADY_RECONCILED ->
                    HttpStatus.CONFLICT;
            case IDEMPOTENCY_KEY_REUSED, CURRENCY_MISMATCH, INSUFFICIENT_FUNDS, CAPTURE_EXCEEDS_AUTHORIZATION,
                 NO_CLEARING_ACCOUNT, PAYMENT_FILE_REFUSED, BALANCE_HISTORY_NOT_INDEXED, BANK_ACCOUNT_NOT_LINKED,
                 BANK_STATEMENT_REFUSED, MATCH_AMOUNT_MISMATCH ->
                    HttpStatus.UNPROCESSABLE_CONTENT;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case NOT_ACCEPTABLE -> HttpStatus.NOT_ACCEPTABLE;
            case SERVICE_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case PAYLOAD_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case HOLD_ALREADY_EXISTS, HOLD_NOT_FOUND, INTERNAL_ERROR -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
