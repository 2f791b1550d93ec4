package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Balances at a point in time (issue 22): after every change the account read as it was then, by time and by
 * event position, equals what it read at that moment; before it was opened it did not exist; bad asks are refused.
 */
class BalanceHistoryIT extends LedgerIT {

    private record Seen(String asOf, long position, List<String> balances) {
    }

    @Test
    void anAccountReadAsOfAnyPastChangeReadsAsItDidThen() {
        String bank = openSystem("USD");
        String alice = openWallet("alice", "USD");
        String bob = openWallet("bob", "USD");
        String token = Tokens.token("alice", "wallet");
        List<Seen> seen = new ArrayList<>();
        seen.add(now(alice));
        fund(bank, alice, "100.00", "USD");
        seen.add(now(alice));
        Random random = new Random(22);
        for (int i = 0; i < 12; i++) {
            String amount = (1 + random.nextInt(500)) / 100 + "." + String.format("%02d", random.nextInt(100));
            if (i % 3 == 2) {
                // An authorization: a hold changes pending, not posted.
                Http.Response held = http.post("/v1/payments", token, "{\"debtorAccount\":\"" + alice
                                + "\",\"creditorAccount\":\"" + bob + "\",\"amount\":\"" + amount
                                + "\",\"currency\":\"USD\",\"capture\":\"MANUAL\"}",
                        Map.of("Idempotency-Key", unique("hold"), "Prefer", "wait=10"));
                assertEquals("AUTHORIZED", held.text("status"), held.body().toString());
            } else {
                assertEquals("SETTLED", pay(token, unique("pay"), alice, bob, amount, "USD").text("status"));
            }
            seen.add(now(alice));
        }
        for (Seen then : seen) {
            JsonNode byTime = http.get("/v1/accounts/" + alice + "?asOf=" + then.asOf(), token).body();
            assertEquals(then.balances(), balances(byTime), "as of " + then.asOf());
            JsonNode byPosition = http.get("/v1/accounts/" + alice + "?asOfPosition=" + then.position(), BACKOFFICE).body();
            assertEquals(then.balances(), balances(byPosition), "as of position " + then.position());
            // The change's own position in the store: the view's position is the highest the read model had seen,
            // never below it.
            assertTrue(byPosition.get("position").asLong() <= then.position(), byPosition.toString());
        }
        // Before the account was opened, it did not exist; after the last change, it reads as now.
        Instant opened = Instant.parse(http.get("/v1/accounts/" + alice, token).text("openedAt"));
        Http.Response before = http.get("/v1/accounts/" + alice + "?asOf=" + opened.minusMillis(1), token);
        assertEquals(404, before.status(), before.body().toString());
        assertEquals("ACCOUNT_NOT_FOUND", before.code());
        assertEquals(seen.get(seen.size() - 1).balances(),
                balances(http.get("/v1/accounts/" + alice + "?asOf=2999-01-01T00:00:00Z", token).body()));
    }

    @Test
    void badAsksAreRefusedAndAnotherOwnersAccountIsNotThere() {
        String alice = openWallet("alice", "USD");
        String token = Tokens.token("alice", "wallet");
        for (String query : new String[] {"asOf=yesterday", "asOfPosition=-1", "asOf=2026-01-01T00:00:00Z&asOfPosition=3"}) {
            Http.Response refused = http.get("/v1/accounts/" + alice + "?" + query, token);
            assertEquals(400, refused.status(), query + ": " + refused.body());
            assertEquals("VALIDATION_FAILED", refused.code());
        }
        Http.Response stranger = http.get("/v1/accounts/" + alice + "?asOf=2999-01-01T00:00:00Z",
                Tokens.token("mallory", "wallet"));
        assertEquals(404, stranger.status());
    }

    /** The account as it reads now, settled: when, at which position, and its four balances. */
    private Seen now(String account) {
        await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/v1/accounts/" + account, BACKOFFICE).status() == 200);
        JsonNode body = http.get("/v1/accounts/" + account, BACKOFFICE).body();
        return new Seen(body.get("updatedAt").asString(), body.get("position").asLong(), balances(body));
    }

    private static List<String> balances(JsonNode account) {
        JsonNode b = account.get("balances");
        return List.of(b.get("posted").asString(), b.get("pendingDebits").asString(), b.get("pendingCredits").asString(),
                b.get("available").asString());
    }
}
