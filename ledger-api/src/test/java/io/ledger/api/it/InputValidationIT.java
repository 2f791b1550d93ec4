package io.ledger.api.it;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear 4xx problem document and changes nothing. */
class InputValidationIT extends LedgerIT {

    private void assertProblem(Http.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body().toString());
        assertEquals(code, response.code(), response.body().toString());
        assertTrue(response.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void paymentBodiesAreValidatedBeforeAnythingHappens() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "10.00", "USD");
        String token = Tokens.token("alice", "wallet");
        String bob = openWallet("bob", "USD");
        Map<String, String> key = Map.of("Idempotency-Key", unique("k"));

        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1.001", "USD"), key), 400, "INVALID_AMOUNT");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "0.00", "USD"), key), 400, "INVALID_AMOUNT");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "-5.00", "USD"), key), 400, "INVALID_AMOUNT");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1e3", "USD"), key), 400, "INVALID_AMOUNT");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "99999999999999999999", "USD"), key),
                400, "INVALID_AMOUNT");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1.00", "XYZ"), key), 400, "UNKNOWN_CURRENCY");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1.00", "usd"), key), 400, "UNKNOWN_CURRENCY");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, alice, "1.00", "USD"), key), 400, "SAME_ACCOUNT");
        assertProblem(http.post("/v1/payments", token, "{\"debtorAccount\":\"" + alice + "\",\"creditorAccount\":\"" + bob
                + "\",\"amount\":1.5,\"currency\":\"USD\"}", key), 400, "MALFORMED_REQUEST");
        assertProblem(http.post("/v1/payments", token, "{\"debtorAccount\":\"" + alice + "\",\"creditorAccount\":\"" + bob
                + "\",\"amount\":\"1.00\",\"currency\":\"USD\",\"extra\":true}", key), 400, "MALFORMED_REQUEST");
        assertProblem(http.post("/v1/payments", token, "{\"debtorAccount\":", key), 400, "MALFORMED_REQUEST");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1.00", "USD")), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1.00", "USD"),
                Map.of("Idempotency-Key", "has spaces")), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, "bad id!", "1.00", "USD"), key),
                400, "INVALID_ACCOUNT_ID");
        assertProblem(http.post("/v1/payments", token, "{\"debtorAccount\":\"" + alice + "\",\"creditorAccount\":\"" + bob
                + "\",\"amount\":\"1.00\",\"currency\":\"USD\",\"remittanceInfo\":\"" + "x".repeat(141) + "\"}", key),
                400, "VALIDATION_FAILED");
        assertProblem(http.post("/v1/payments", token, paymentBody(alice, bob, "1.00", "USD"),
                Map.of("Idempotency-Key", unique("k"), "Content-Type", "text/plain")), 415, "UNSUPPORTED_MEDIA_TYPE");

        assertEquals("10.00", balance(alice, "posted"));
        assertEquals(0, http.get("/v1/payments?account=" + bob, Tokens.token("bob", "wallet")).body().get("items").size());
    }

    @Test
    void textIsStoredAsGivenNeverInterpreted() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String note = "'); drop table account_view; -- <script>alert(1)</script>";
        Http.Response paid = http.post("/v1/payments", ADMIN, "{\"debtorAccount\":\"" + bank + "\",\"creditorAccount\":\""
                + alice + "\",\"amount\":\"1.00\",\"currency\":\"USD\",\"remittanceInfo\":\"" + note.replace("\"", "\\\"")
                + "\"}", Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));
        assertEquals("SETTLED", paid.text("status"));
        assertEquals(note, http.get("/v1/payments/" + paid.text("paymentId"), ADMIN).text("remittanceInfo"));
        assertEquals("1.00", balance(alice, "posted"));
    }

    @Test
    void accountsAreValidated() {
        String token = Tokens.token("alice", "wallet");
        assertProblem(open(token, "bad id!", null, "USD", "WALLET"), 400, "INVALID_ACCOUNT_ID");
        assertProblem(open(token, "x".repeat(65), null, "USD", "WALLET"), 400, "INVALID_ACCOUNT_ID");
        assertProblem(open(token, unique("a"), null, "ABC", "WALLET"), 400, "UNKNOWN_CURRENCY");
        assertProblem(open(token, unique("a"), null, "USD", "PIGGYBANK"), 400, "MALFORMED_REQUEST");
        assertProblem(http.post("/v1/accounts", token, "{\"currency\":\"USD\"}"), 400, "VALIDATION_FAILED");
        String id = openWallet("alice", "USD");
        assertProblem(open(token, id, null, "USD", "WALLET"), 409, "ACCOUNT_ALREADY_EXISTS");
        assertProblem(http.get("/v1/accounts?limit=0", token), 400, "VALIDATION_FAILED");
        assertProblem(http.get("/v1/accounts?limit=201", token), 400, "VALIDATION_FAILED");
        assertProblem(http.get("/v1/accounts?limit=abc", token), 400, "MALFORMED_REQUEST");
        assertProblem(http.get("/v1/accounts?status=SLEEPING", token), 400, "MALFORMED_REQUEST");
        assertProblem(http.get("/v1/accounts?cursor=!!!", token), 400, "VALIDATION_FAILED");
        assertProblem(http.get("/v1/payments/not-a-uuid", token), 404, "PAYMENT_NOT_FOUND");
        // Deny by default: a route no rule of Entitlements names is refused, whatever the token.
        assertProblem(http.get("/v1/no-such-route", token), 403, "FORBIDDEN");
        assertProblem(http.get("/v1/no-such-route", ADMIN), 403, "FORBIDDEN");
        assertProblem(http.request("DELETE", "/v1/accounts/" + id, ADMIN), 403, "FORBIDDEN");
    }

    @Test
    void closingNeedsAnEmptyAccount() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        fund(bank, alice, "1.00", "USD");
        assertProblem(http.post("/v1/accounts/" + alice + "/close", ADMIN, null), 409, "ACCOUNT_NOT_EMPTY");
        assertProblem(http.post("/v1/accounts/" + alice + "/unfreeze", BACKOFFICE, null), 409, "ACCOUNT_NOT_FROZEN");
        assertProblem(http.post("/v1/accounts/no-such/freeze", BACKOFFICE, null), 404, "ACCOUNT_NOT_FOUND");
    }

    @Test
    void correlationIdsAreValidatedAndEchoed() {
        Http.Response bad = http.post("/v1/accounts", Tokens.token("alice", "wallet"), "{}",
                Map.of("X-Correlation-Id", "<script>"));
        assertProblem(bad, 400, "VALIDATION_FAILED");
        Http.Response generated = http.get("/v1/accounts", Tokens.token("alice", "wallet"));
        // A generated id is a version 7 UUID: time-ordered, so the indexes keyed by it grow at one end.
        assertTrue(generated.header("X-Correlation-Id").matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
                generated.header("X-Correlation-Id"));
    }

    @Test
    void accountPagesFollowTheCursor() {
        String owner = unique("pager");
        for (int i = 0; i < 5; i++) {
            openWallet(owner, "USD");
        }
        String token = Tokens.token(owner, "wallet");
        Http.Response first = http.get("/v1/accounts?limit=2", token);
        assertEquals(2, first.body().get("items").size());
        Http.Response second = http.get("/v1/accounts?limit=2&cursor=" + first.text("nextCursor"), token);
        Http.Response third = http.get("/v1/accounts?limit=2&cursor=" + second.text("nextCursor"), token);
        assertEquals(1, third.body().get("items").size());
        assertEquals(null, third.text("nextCursor"));
        assertTrue(first.body().get("items").get(1).get("accountId").asString()
                .compareTo(second.body().get("items").get(0).get("accountId").asString()) < 0);
    }
}
