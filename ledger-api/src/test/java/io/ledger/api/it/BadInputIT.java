package io.ledger.api.it;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint, fed what a careless or hostile client sends: malformed JSON, wrong types, unknown
 * fields, huge numbers, overlong strings, SQL and script fragments, wrong content types. Each gets a 4xx
 * problem document, and the event store has not changed.
 */
class BadInputIT extends LedgerIT {

    private static final String SQL = "x'; drop table domain_event_entry; --";
    private static final String SCRIPT = "<script>alert(1)</script>";

    private void assertRefused(Http.Response response, String what) {
        assertTrue(response.status() >= 400 && response.status() < 500, what + " -> " + response.status());
        assertTrue(response.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                what + " is a problem document");
        assertTrue(response.body().hasNonNull("code"), what + " names a code");
    }

    @Test
    void everyEndpointRefusesBadInputAndChangesNothing() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "10.00", "USD");
        String paymentId = pay(ADMIN, unique("k"), bank, alice, "1.00", "USD").text("paymentId");
        long events = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);

        String wallet = Tokens.token("alice", "wallet");
        Map<String, String> key = Map.of("Idempotency-Key", unique("k"));
        List<String[]> posts = List.of(
                new String[] {"/v1/accounts", ADMIN},
                new String[] {"/v1/payments", ADMIN},
                new String[] {"/v1/accounts/" + alice + "/freeze", BACKOFFICE},
                new String[] {"/v1/payments/" + paymentId + "/reversal", BACKOFFICE});
        for (String[] post : posts) {
            String path = post[0];
            String token = post[1];
            assertRefused(http.post(path, token, "{\"currency\":", key), "malformed JSON to " + path);
            assertRefused(http.post(path, token, "[1,2,3]", key), "an array to " + path);
            assertRefused(http.post(path, token, "{\"nonsense\":true}", key), "an unknown field to " + path);
            assertRefused(http.post(path, token, "{\"reason\":1}",
                    Map.of("Idempotency-Key", unique("k"), "Content-Type", "text/plain")), "text/plain to " + path);
            assertRefused(http.post(path, token, "{\"reason\":\"" + "r".repeat(70_000) + "\"}", key),
                    "a 70 kB body to " + path);
        }
        // wrong types and hostile values, field by field
        assertRefused(http.post("/v1/accounts", ADMIN, "{\"currency\":\"USD\",\"type\":42}"), "a number as type");
        assertRefused(http.post("/v1/accounts", ADMIN, "{\"currency\":\"USD\",\"type\":\"WALLET\",\"ownerId\":\""
                + "o".repeat(300) + "\"}"), "an overlong owner");
        assertRefused(http.post("/v1/accounts", ADMIN, "{\"accountId\":\"" + SQL + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}"),
                "SQL as an account id");
        assertRefused(http.post("/v1/accounts", ADMIN, "{\"currency\":\"" + SCRIPT + "\",\"type\":\"WALLET\"}"),
                "script as a currency");
        assertRefused(http.post("/v1/accounts", ADMIN, "{\"currency\":\"USD\",\"type\":\"MERCHANT\",\"overdraftLimit\":\"-5\"}"),
                "a negative overdraft");
        assertRefused(http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "1" + "0".repeat(40), "USD"), key),
                "a huge amount");
        assertRefused(http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "0", "USD"), key), "a zero amount");
        assertRefused(http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "-1.00", "USD"), key), "a negative amount");
        assertRefused(http.post("/v1/payments", ADMIN, "{\"debtorAccount\":\"" + bank + "\",\"creditorAccount\":\""
                + alice + "\",\"amount\":true,\"currency\":\"USD\"}", key), "a boolean amount");
        assertRefused(http.post("/v1/payments", ADMIN, paymentBody(bank, SQL, "1.00", "USD"), key), "SQL as creditor");
        assertRefused(http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "1.00", "US"), key), "a two-letter currency");
        assertRefused(http.post("/v1/payments", ADMIN, paymentBody(bank, alice, "1.00", "USD"),
                Map.of("Idempotency-Key", "k".repeat(200))), "an overlong idempotency key");
        assertRefused(http.post("/v1/payments/" + paymentId + "/reversal", BACKOFFICE,
                "{\"remittanceInfo\":\"" + "i".repeat(141) + "\"}", key), "an overlong reversal note");

        // path and query parameters
        for (String path : List.of("/v1/accounts/" + java.net.URLEncoder.encode(SQL, java.nio.charset.StandardCharsets.UTF_8),
                "/v1/accounts/" + alice + "/entries?limit=-1", "/v1/accounts/" + alice + "/entries?cursor=%27%3B",
                "/v1/accounts?type=GOLD", "/v1/accounts?limit=99999999999", "/v1/payments/" + SCRIPT.replace("<", "%3C").replace(">", "%3E"),
                "/v1/payments?status=LOST", "/v1/payments?limit=0", "/v1/payments?account=" + "a".repeat(100))) {
            assertRefused(http.get(path, ADMIN), "GET " + path);
        }
        String compliance = Tokens.token("auditor", "compliance");
        for (String path : List.of("/v1/audit/events?from=tomorrow", "/v1/audit/events?limit=1000",
                "/v1/audit/export?format=xml", "/v1/audit/verify?from=abc", "/v1/audit/trace/" + "c".repeat(200))) {
            assertRefused(http.get(path, compliance), "GET " + path);
        }
        for (String path : List.of("/v1/admin/dead-letters/nope", "/v1/admin/read-models/nope/release?segment=1",
                "/v1/admin/read-models/account-projection/release?segment=x")) {
            Http.Response response = path.contains("release") ? http.post(path, ADMIN, null) : http.get(path, ADMIN);
            assertRefused(response, path);
        }

        assertEquals(events, jdbc.queryForObject("select count(*) from domain_event_entry", Long.class),
                "no bad request wrote an event");
    }
}
