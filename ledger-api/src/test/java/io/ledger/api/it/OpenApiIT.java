package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served OpenAPI description and the copy in docs/ must not differ. After an API change, run
 * {@code LEDGER_WRITE_OPENAPI=true ./mvnw verify} once to refresh docs/openapi.json, and review the diff.
 */
class OpenApiIT extends LedgerIT {

    private static final Path CHECKED_IN = Path.of("..", "docs", "openapi.json");

    @Test
    void theCheckedInDescriptionIsTheServedOne() throws Exception {
        Http.Response served = http.get("/v3/api-docs", null);
        assertEquals(200, served.status());
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode description = (ObjectNode) served.body();
        description.remove("servers"); // the test server's random port
        String pretty = json.writerWithDefaultPrettyPrinter().writeValueAsString(description) + "\n";
        if ("true".equals(System.getenv("LEDGER_WRITE_OPENAPI"))) {
            Files.writeString(CHECKED_IN, pretty);
        }
        assertTrue(Files.exists(CHECKED_IN), "docs/openapi.json is missing; see this test's comment");
        JsonNode checkedIn = json.readTree(Files.readString(CHECKED_IN));
        assertEquals(checkedIn, description, "docs/openapi.json differs from the served description; "
                + "run LEDGER_WRITE_OPENAPI=true ./mvnw verify and commit the change");
        assertTrue(description.get("paths").has("/v1/payments"));
        // What a client generator needs and springdoc cannot see: real statuses, required headers, problems.
        JsonNode pay = description.get("paths").get("/v1/payments").get("post");
        assertTrue(pay.get("responses").has("201") && pay.get("responses").has("202") && !pay.get("responses").has("200"),
                pay.get("responses").toString());
        assertTrue(pay.get("responses").get("202").get("headers").has("Location"));
        assertTrue(pay.get("responses").get("503").get("content").has("application/problem+json"));
        boolean keyRequired = false;
        for (JsonNode parameter : pay.get("parameters")) {
            keyRequired |= parameter.get("name").asString().equals("Idempotency-Key") && parameter.get("required").asBoolean();
        }
        assertTrue(keyRequired, "Idempotency-Key is required on POST /v1/payments");
        assertTrue(description.get("paths").get("/v1/accounts").get("post").get("responses").has("201"));
        var payOut = description.get("paths").get("/v1/payouts").get("post");
        assertTrue(payOut.get("responses").has("201") && payOut.get("responses").has("202")
                && payOut.get("responses").has("404") && !payOut.get("responses").has("200"), payOut.toString());
        boolean payoutKeyRequired = false;
        for (var parameter : payOut.get("parameters")) {
            payoutKeyRequired |= parameter.get("name").asString().equals("Idempotency-Key") && parameter.get("required").asBoolean();
        }
        assertTrue(payoutKeyRequired, "Idempotency-Key is required on POST /v1/payouts");
        var answer = description.get("paths").get("/v1/payouts/{payoutId}/bank-result").get("post").get("responses");
        assertTrue(answer.has("200") && answer.has("202") && answer.get("200").get("headers").has("Idempotent-Replayed"));
        description.get("paths").forEach(path -> path.forEach(operation -> {
            assertTrue(operation.get("responses").has("401"), "every operation names its 401 problem");
            assertTrue(operation.get("responses").has("500"));
        }));
        assertTrue(!description.get("paths").has("/error"), "the container's error dispatch is not an operation");
        assertTrue(description.get("paths").has("/v1/audit/export"));
        assertEquals(200, http.get("/swagger-ui/index.html", null).status(), "the browsable UI");
    }
}
