package io.ledger.api.it;

import io.ledger.api.security.SecurityEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication failures, denials and every back-office and admin call are ECS security events a SIEM can
 * read, with the caller, the source address and the correlation id, and without the token, the body or the
 * objects' ids.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityEventsIT extends LedgerIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An ECS field, whether the formatter nests dotted names or keeps them flat. */
    static String field(JsonNode entry, String name) {
        if (entry.has(name)) {
            return entry.get(name).asString();
        }
        JsonNode node = entry;
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        return node.isMissingNode() ? null : node.asString();
    }

    static List<JsonNode> securityEvents(CapturedOutput output) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{") && line.contains(SecurityEvents.LOGGER)) {
                JsonNode entry = JSON.readTree(line);
                if (SecurityEvents.LOGGER.equals(field(entry, "log.logger"))) {
                    events.add(entry);
                }
            }
        }
        return events;
    }

    private static JsonNode only(List<JsonNode> events, String correlationId) {
        List<JsonNode> matching = events.stream().filter(e -> correlationId.equals(field(e, "correlationId"))).toList();
        assertEquals(1, matching.size(), "one security event for " + correlationId + ": " + matching);
        return matching.get(0);
    }

    @Test
    void refusalsAndPrivilegedCallsAreSecurityEventsWithoutSecrets(CapturedOutput output) {
        String owner = unique("eve");
        String wallet = Tokens.token(owner, "wallet");
        String account = openWallet(owner, "USD");
        String reason = unique("PERSONAL-REASON");
        String badToken = Tokens.builder(owner, "wallet").issuer("someone-else").compact();

        String unauthenticated = unique("sec-401");
        assertEquals(401, http.get("/v1/accounts", badToken, Map.of("X-Correlation-Id", unauthenticated)).status());
        String deniedByRule = unique("sec-403");
        assertEquals(403, http.post("/v1/accounts/" + account + "/freeze", wallet, "{\"reason\":\"" + reason + "\"}",
                Map.of("X-Correlation-Id", deniedByRule)).status());
        String deniedByCall = unique("sec-403-call");
        assertEquals(403, http.post("/v1/accounts", wallet, "{\"currency\":\"USD\",\"type\":\"MERCHANT\"}",
                Map.of("X-Correlation-Id", deniedByCall)).status());
        String frozen = unique("sec-freeze");
        assertEquals(200, http.post("/v1/accounts/" + account + "/freeze", BACKOFFICE, "{\"reason\":\"" + reason + "\"}",
                Map.of("X-Correlation-Id", frozen)).status());
        String adminRead = unique("sec-admin");
        assertEquals(200, http.get("/v1/admin/read-models", ADMIN, Map.of("X-Correlation-Id", adminRead)).status());
        String walletRead = unique("sec-wallet");
        assertEquals(200, http.get("/v1/accounts/" + account, wallet, Map.of("X-Correlation-Id", walletRead)).status());

        await().untilAsserted(() -> assertTrue(output.getOut().contains(adminRead)));
        List<JsonNode> events = securityEvents(output);

        JsonNode failed = only(events, unauthenticated);
        assertEquals("authentication", field(failed, "event.category"));
        assertEquals("failure", field(failed, "event.outcome"));
        assertTrue(field(failed, "event.reason").contains("iss"), failed.toString());
        assertEquals("127.0.0.1", field(failed, "source.ip"));

        JsonNode denied = only(events, deniedByRule);
        assertEquals("iam", field(denied, "event.category"));
        assertEquals("account.freeze", field(denied, "event.action"));
        assertEquals("failure", field(denied, "event.outcome"));
        assertEquals(owner, field(denied, "user.id"));
        assertEquals("/v1/accounts/{accountId}/freeze", field(denied, "url.path"));

        JsonNode refusedByCall = only(events, deniedByCall);
        assertEquals("account.open", field(refusedByCall, "event.action"));
        assertEquals("failure", field(refusedByCall, "event.outcome"));

        JsonNode freeze = only(events, frozen);
        assertEquals("account.freeze", field(freeze, "event.action"));
        assertEquals("success", field(freeze, "event.outcome"));
        assertEquals("clerk", field(freeze, "user.id"));
        assertEquals("200", field(freeze, "http.response.status_code"));

        JsonNode admin = only(events, adminRead);
        assertEquals("admin.read-models", field(admin, "event.action"));
        assertEquals("ops", field(admin, "user.id"));

        assertTrue(events.stream().noneMatch(e -> walletRead.equals(field(e, "correlationId"))),
                "a wallet's own allowed call is no security event");
        for (JsonNode event : events) {
            String line = event.toString();
            assertFalse(line.contains(badToken) || line.contains(wallet) || line.contains(BACKOFFICE)
                    || line.contains(ADMIN), "no token in a security event: " + line);
            assertFalse(line.contains(reason), "no request body in a security event: " + line);
            assertFalse(line.contains(account), "no account id in a security event: " + line);
        }
    }
}
