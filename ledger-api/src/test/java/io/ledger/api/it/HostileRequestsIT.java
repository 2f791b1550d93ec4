package io.ledger.api.it;

import io.ledger.api.ops.ProcessorStatus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classes of hole an adversarial probe found, each closed for the class and not just its example:
 * paths that a filter and the router read differently, ambiguous JSON, NUL bytes on their way to SQL,
 * scopes hidden behind control characters, a standby counting itself behind, unchecked parameters, a
 * reversal id a caller could take, refusals that were not problem documents, tokens from the future.
 */
class HostileRequestsIT extends LedgerIT {

    @Autowired
    ProcessorStatus processors;

    @Autowired
    EventProcessingConfiguration processing;

    private static void assertProblem(RawHttp.Response response, int status, String what) {
        assertEquals(status, response.status(), what + ": " + response.body());
        assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/problem+json"),
                what + " answers a problem document, not " + response.header("Content-Type") + ": " + response.body());
        assertNotNull(response.json().get("code"), what + " names a code");
        assertNotNull(response.header("X-Correlation-Id"), what + " carries a correlation id");
    }

    private static void assertProblem(Http.Response response, int status, String what) {
        assertEquals(status, response.status(), what + ": " + response.body());
        assertTrue(String.valueOf(response.header("Content-Type")).startsWith("application/problem+json"), what);
        assertNotNull(response.code(), what + " names a code");
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    @Test
    void encodedPathsDoNotReachWhatThePlainPathIsRefused() throws Exception {
        String wallet = Tokens.token("eve", "wallet");
        for (String target : List.of("/%61ctuator/prometheus", "/%61ctuator/health", "/actuator/%70rometheus",
                "/%41ctuator/health", "/actuator/health/")) {
            RawHttp.Response response = RawHttp.get(port, target, wallet, "");
            assertTrue(response.status() == 403 || response.status() == 404 || response.status() == 400,
                    target + " with a wallet token -> " + response.status() + " " + response.body());
            assertProblem(response, response.status(), target);
            assertTrue(!response.body().contains("jvm_") && !response.body().contains("\"components\""),
                    target + " reveals nothing");
        }
        // What a router could read two ways is refused before any entitlement is decided.
        for (String target : List.of("/actuator%2Fprometheus", "/v1/..%2Factuator/prometheus", "/v1/%2e%2e/actuator/health",
                "/v1/accounts/x%00", "/v1/accounts%5Cx", "/actuator;a=b/prometheus", "/v1/accounts/x%25", "/v1//accounts",
                "/v1/./accounts", "/v1/accounts/../../actuator/prometheus")) {
            RawHttp.Response response = RawHttp.get(port, target, wallet, "");
            assertTrue(response.status() == 400 || response.status() == 404, target + " -> " + response.status());
            assertProblem(response, response.status(), target);
        }
        assertEquals(200, RawHttp.get(port, "/%61ctuator/health", ADMIN, "").status(), "the operator still gets in");
    }

    @Test
    void aJsonKeyGivenTwiceIsRefusedEverywhere() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        long before = events();
        String twoCreditors = "{\"debtorAccount\":\"" + bank + "\",\"creditorAccount\":\"" + alice
                + "\",\"creditorAccount\":\"" + bob + "\",\"amount\":\"1.00\",\"currency\":\"USD\"}";
        assertProblem(http.post("/v1/payments", ADMIN, twoCreditors, Map.of("Idempotency-Key", unique("k"))), 400,
                "two creditors");
        String twoAmounts = "{\"debtorAccount\":\"" + bank + "\",\"creditorAccount\":\"" + alice
                + "\",\"amount\":\"1.00\",\"amount\":\"1000.00\",\"currency\":\"USD\"}";
        assertProblem(http.post("/v1/payments", ADMIN, twoAmounts, Map.of("Idempotency-Key", unique("k"))), 400,
                "two amounts");
        assertProblem(http.post("/v1/accounts", Tokens.token("carol", "wallet"),
                "{\"currency\":\"USD\",\"currency\":\"EUR\",\"type\":\"WALLET\"}"), 400, "two currencies");
        assertProblem(http.post("/v1/accounts/" + alice + "/freeze", BACKOFFICE,
                "{\"reason\":\"a\",\"reason\":\"b\"}"), 400, "two reasons");
        assertEquals(before, events(), "nothing ambiguous was booked");
    }

    @Test
    void nulBytesNeverReachTheDatabase() throws Exception {
        String wallet = Tokens.token("nina", "wallet");
        String own = openWallet("nina", "USD");
        String nulCursor = Base64.getUrlEncoder().withoutPadding().encodeToString("\u0000".getBytes(StandardCharsets.UTF_8));
        for (String target : List.of("/v1/payments?account=%00", "/v1/payments?account=a%00b", "/v1/accounts?owner=%00",
                "/v1/payments?cursor=" + nulCursor, "/v1/accounts?cursor=" + nulCursor,
                "/v1/accounts/" + own + "/entries?cursor=" + nulCursor, "/v1/payments?status=%00", "/v1/accounts?%00=1")) {
            assertProblem(RawHttp.get(port, target, wallet, ""), 400, target);
            assertProblem(RawHttp.get(port, target, BACKOFFICE, ""), 400, target + " (back office)");
        }
        String compliance = Tokens.token("auditor", "compliance");
        for (String target : List.of("/v1/audit/events?principal=%00", "/v1/audit/trace/%00", "/v1/audit/events?cursor=" + nulCursor)) {
            RawHttp.Response response = RawHttp.get(port, target, compliance, "");
            assertTrue(response.status() == 400 || response.status() == 404, target + " -> " + response.status());
            assertProblem(response, response.status(), target);
        }
        Http.Response nulSubject = http.get("/v1/accounts", Tokens.token("ni\u0000na", "wallet"));
        assertProblem(nulSubject, 401, "a NUL in the token's subject");
    }

    @Test
    void aScopeHiddenBehindControlCharactersGrantsNothing() {
        for (String scope : List.of("admin\u0000", "admin\t", "\u0000admin", "admin\n")) {
            String token = Tokens.token("mallory", scope);
            assertProblem(http.get("/v1/admin/read-models", token), 403, "scope " + scope.codePoints().boxed().toList());
            assertProblem(http.post("/v1/accounts", token, "{\"accountId\":\"" + unique("sys")
                    + "\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}"), 403, "opening a SYSTEM account");
        }
    }

    @Test
    void aStandbyReportsTheProcessorsLagNotItsOwnAbsence() {
        String bank = openSystem("USD");
        fund(bank, openWallet("sam", "USD"), "5.00", "USD");
        StreamingEventProcessor audit = processing.eventProcessor("audit-log", StreamingEventProcessor.class).orElseThrow();
        await().until(() -> processors.one("audit-log").orElseThrow().lag() == 0);
        // This instance gives its audit segment away for a while and holds none, as a standby does.
        audit.releaseSegment(0, 5, TimeUnit.SECONDS);
        await().until(() -> audit.processingStatus().isEmpty());
        try {
            ProcessorStatus.Status standby = processors.one("audit-log").orElseThrow();
            assertEquals(0, standby.segmentsHeld());
            assertTrue(standby.running());
            assertTrue(standby.position() > 0, "the stored position is reported, not 0");
            assertEquals(0, standby.lag(), "nothing happened since: the processor is not behind");
            Http.Response health = http.get("/actuator/health", ADMIN);
            assertEquals("UP", health.body().get("status").asString(), health.body().toString());
        } finally {
            await().atMost(Duration.ofSeconds(30)).until(() -> !audit.processingStatus().isEmpty());
        }
    }

    @Test
    void parametersAreCheckedBeforeTheyAreUsed() {
        assertProblem(http.get("/v1/accounts?cursor=garbage!", BACKOFFICE), 400, "a cursor that is not base64");
        String notOurs = Base64.getUrlEncoder().withoutPadding().encodeToString("'; select 1 --".getBytes(StandardCharsets.UTF_8));
        assertProblem(http.get("/v1/accounts?cursor=" + notOurs, BACKOFFICE), 400, "a cursor this service did not issue");
        assertProblem(http.get("/v1/payments?cursor=" + notOurs, BACKOFFICE), 400, "a payments cursor not issued");
        for (String segment : List.of("-1", "99999", "2")) {
            assertProblem(http.post("/v1/admin/read-models/account-projection/release?segment=" + segment, ADMIN, null),
                    400, "segment " + segment);
        }
    }

    @Test
    void noCallerCanTakeAReversalsId() {
        String bank = openSystem("USD");
        String victim = openWallet("victor", "USD");
        Http.Response paid = pay(ADMIN, unique("k"), bank, victim, "20.00", "USD");
        String paymentId = paid.text("paymentId");
        String key = unique("rev");
        // A token whose subject is what the reversal's id used to be derived from.
        String squatter = "reversal:" + paymentId;
        String squatterWallet = unique("sq");
        assertEquals(201, open(Tokens.token(squatter, "wallet"), squatterWallet, null, "USD", "WALLET").status());
        fund(bank, squatterWallet, "1.00", "USD");
        pay(Tokens.token(squatter, "wallet"), key, squatterWallet, victim, "1.00", "USD");

        Http.Response reversal = http.post("/v1/payments/" + paymentId + "/reversal", BACKOFFICE, null,
                Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
        assertEquals(201, reversal.status(), reversal.body().toString());
        assertEquals("SETTLED", reversal.text("status"));
        assertEquals("REVERSED", http.get("/v1/payments/" + paymentId, BACKOFFICE).text("status"));
    }

    @Test
    void everyRefusalIsAProblemDocument() throws Exception {
        String wallet = Tokens.token("tess", "wallet");
        // Refused by the servlet container, before the application sees them.
        assertProblem(RawHttp.get(port, "/v1/accounts%2Fx", wallet, ""), 400, "an encoded slash");
        assertProblem(RawHttp.get(port, "/v1/%00", wallet, ""), 400, "an encoded NUL");
        assertProblem(RawHttp.get(port, "/v1/" + "a".repeat(20_000), wallet, ""), 400, "an overlong path");
        assertProblem(RawHttp.get(port, "/v1/accounts", wallet, "X-Big: " + "b".repeat(20_000) + "\r\n"), 400,
                "an overlong header");
        assertProblem(RawHttp.get(port, "/v1/accounts", wallet, "X-Odd: a\rb\r\n"), 400, "a bare CR in a header");
        // Refused by the router.
        RawHttp.Response trace = RawHttp.send(port, "TRACE /v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Bearer " + wallet + "\r\n\r\n");
        assertProblem(trace, 405, "TRACE");
        assertProblem(RawHttp.get(port, "/error", wallet, ""), 403, "the error page asked for directly: no rule names it");
        // A malformed correlation id is refused, and the refusal carries one issued in its place.
        Http.Response badId = http.get("/v1/accounts", wallet, Map.of("X-Correlation-Id", "<script>"));
        assertProblem(badId, 400, "a malformed correlation id");
        assertNotNull(badId.header("X-Correlation-Id"));
        assertNotEquals("<script>", badId.header("X-Correlation-Id"));
    }

    @Test
    void aTokenFromTheFutureIsRefused() {
        java.time.Instant future = java.time.Instant.now().plus(java.time.Duration.ofDays(3650));
        Http.Response response = http.get("/v1/accounts", Tokens.builder("alice", "wallet")
                .issuedAt(java.util.Date.from(future)).expiration(java.util.Date.from(future.plusSeconds(600))).compact());
        assertProblem(response, 401, "iat ten years ahead");
    }
}
