package io.ledger.api.web;

import io.ledger.api.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI 3 description served at /v3/api-docs (browsable at /swagger-ui.html); docs/openapi.json is
 * its copy. What springdoc cannot see in the code is said here, so that a client generated from it works:
 * the statuses answered other than 200, the headers that go with them, the required Idempotency-Key
 * (checked in code so that its absence is a problem document, hence optional to Spring), and the problem
 * documents every operation can answer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    static {
        // The caller comes from the bearer token, not from a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Ledger API").version("v1")
                        .description("Event-sourced double-entry ledger: accounts, payments, audit. Amounts are decimal "
                                + "strings; errors are RFC 9457 problem documents with a stable code."))
                .components(new Components()
                        .addSecuritySchemes("bearer", new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OpenApiCustomizer statusesAndProblems() {
        return openApi -> openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            successStatuses(path, method, operation);
            problems(path, method, operation);
        }));
    }

    private static void successStatuses(String path, PathItem.HttpMethod method, Operation operation) {
        if (method != PathItem.HttpMethod.POST) {
            return;
        }
        switch (path) {
            case "/v1/accounts" -> replaceOk(operation, Map.of("201", "the account, opened (Location names it)"),
                    List.of("Location"));
            case "/v1/payments" -> {
                replaceOk(operation, Map.of(
                        "201", "the payment, ended (SETTLED, REJECTED or EXPIRED) within Prefer: wait",
                        "202", "the payment, accepted and not yet ended"),
                        List.of("Location", "Preference-Applied", "Idempotent-Replayed"));
                requireIdempotencyKey(operation, "the same key and body answer the same payment");
            }
            case "/v1/payments/{paymentId}/capture", "/v1/payments/{paymentId}/void" -> {
                replaceOk(operation, Map.of(
                        "200", "the payment, captured (SETTLED) or voided, as the read model shows it",
                        "202", "done, but not yet readable within the wait; read it again"),
                        List.of("Location", "Preference-Applied", "Idempotent-Replayed"));
                operation.getResponses().get("202").content(null);
                requireIdempotencyKey(operation, "the same key answers the same capture or void again");
            }
            case "/v1/reviews/{paymentId}/approve", "/v1/reviews/{paymentId}/decline" -> {
                replaceOk(operation, Map.of(
                        "200", "the payment, approved (SETTLED, or AUTHORIZED when MANUAL) or declined (REJECTED)",
                        "202", "decided, but not yet readable within 5 s; read it again"), List.of("Location"));
                operation.getResponses().get("202").content(null);
            }
            case "/v1/payments/{paymentId}/reversal" -> replaceOk(operation, Map.of(
                    "201", "the reversal payment, ended within Prefer: wait",
                    "202", "the reversal payment, accepted and not yet ended"), List.of("Location", "Preference-Applied"));
            case "/v1/payouts" -> {
                replaceOk(operation, Map.of(
                        "201", "the payout, INSTRUCTED (funds held) or REJECTED, within Prefer: wait",
                        "202", "the payout, accepted and still PENDING (no body if not yet readable)"),
                        List.of("Location", "Preference-Applied", "Idempotent-Replayed"));
                requireIdempotencyKey(operation, "the same key and body answer the same payout");
            }
            case "/v1/payouts/{payoutId}/bank-result" -> {
                replaceOk(operation, Map.of(
                        "200", "the payout with the answer booked (SETTLED, REJECTED or RETURNED)",
                        "202", "the answer recorded, its booking not yet readable within the wait; read it again"),
                        List.of("Location", "Preference-Applied", "Idempotent-Replayed"));
                operation.getResponses().get("202").content(null);
            }
            case "/v1/bank-accounts" -> replaceOk(operation, Map.of("201", "the bank account, linked"), List.of("Location"));
            case "/v1/bank-statements" -> replaceOk(operation, Map.of(
                    "201", "the statement, stored; RECONCILED when its reconciliation ended within Prefer: wait",
                    "200", "the same file again: the first upload's statement"),
                    List.of("Location", "Idempotent-Replayed"));
            case "/v1/admin/read-models/rebuild" -> replaceOk(operation,
                    Map.of("202", "the rebuild started; its progress"), List.of());
            case "/v1/admin/read-models/{projection}/release" -> {
                operation.getResponses().remove("200");
                operation.getResponses().addApiResponse("202", new ApiResponse().description("the segment is released"));
            }
            default -> {
            }
        }
    }

    private static void requireIdempotencyKey(Operation operation, String meaning) {
        operation.getParameters().stream().filter(p -> "Idempotency-Key".equals(p.getName()))
                .forEach(p -> p.required(true).description("[A-Za-z0-9._:-]{1,128}; " + meaning));
    }

    /** Moves the body springdoc described under 200 to the statuses really answered. */
    private static void replaceOk(Operation operation, Map<String, String> statuses, List<String> headers) {
        ApiResponse ok = operation.getResponses().remove("200");
        Content content = ok == null ? null : ok.getContent();
        new TreeMap<>(statuses).forEach((status, description) -> {
            ApiResponse response = new ApiResponse().description(description).content(content);
            headers.forEach(name -> response.addHeaderObject(name, new Header().schema(new StringSchema())));
            operation.getResponses().addApiResponse(status, response);
        });
    }

    private static void problems(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "MALFORMED_REQUEST, VALIDATION_FAILED or a value's own code (reference pages)");
        problems.put("401", "UNAUTHENTICATED: no, invalid or expired token");
        problems.put("403", "FORBIDDEN: the token's scopes do not allow the call");
        if (path.contains("{") || ((path.equals("/v1/payments") || path.equals("/v1/payouts"))
                && method == PathItem.HttpMethod.POST)) {
            problems.put("404", "not found, or not the caller's to see");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.DELETE) {
            problems.put("409", "the resource's state does not allow it");
            problems.put("413", "PAYLOAD_TOO_LARGE: bodies over 64 KiB");
            problems.put("415", "UNSUPPORTED_MEDIA_TYPE: bodies are application/json");
            problems.put("422", "IDEMPOTENCY_KEY_REUSED and other refusals of a well-formed request");
        }
        if (method == PathItem.HttpMethod.PUT) {
            problems.put("413", "PAYLOAD_TOO_LARGE: bodies over 64 KiB");
            problems.put("415", "UNSUPPORTED_MEDIA_TYPE: bodies are application/json");
        }
        if (path.equals("/v1/accounts/{accountId}") && method == PathItem.HttpMethod.GET) {
            problems.put("422", "BALANCE_HISTORY_NOT_INDEXED: asOf before this account's balances were indexed");
        }
        problems.put("429", "RATE_LIMITED: retry after Retry-After seconds");
        if (path.equals("/v1/payments") && method == PathItem.HttpMethod.POST) {
            problems.put("503", "SERVICE_UNAVAILABLE: settlement is behind; retry after Retry-After with the same key");
        }
        problems.put("500", "INTERNAL_ERROR: quote the X-Correlation-Id");
        problems.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(status, new ApiResponse().description(description).content(new Content()
                        .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
            }
        });
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem document")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty("code", new StringSchema().description("stable error code; see the reference pages"))
                .required(List.of("type", "title", "status", "code"));
    }
}
