package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits per owner over HTTP against real PostgreSQL (issue 21, ADR 0034): one owner's limits count what all its
 * accounts in a currency pay out, in the settlement's own decision — concurrent payments from two of its wallets let
 * through exactly what fits — count what was paid before they were set, and get back what a void and a reversal give
 * back.
 */
class OwnerLimitsIT extends LedgerIT {

    private record Owner(String id, String token, String first, String second, String payee) {
    }

    /** An owner with two funded USD wallets (and a payee of someone else's). */
    private Owner owner(String name) {
        String bank = openSystem("USD");
        String id = unique(name);
        String first = openWallet(id, "USD");
        String second = openWallet(id, "USD");
        fund(bank, first, "1000.00", "USD");
        fund(bank, second, "1000.00", "USD");
        return new Owner(id, Tokens.token(id, "wallet"), first, second, openWallet(unique("payee"), "USD"));
    }

    private Http.Response setLimits(Owner owner, String limits) {
        String rest = limits.substring(1).trim();
        return http.put("/v1/limits/owners/USD", BACKOFFICE,
                "{\"ownerId\":\"%s\"%s%s".formatted(owner.id(), rest.equals("}") ? "" : ",", rest));
    }

    @Test
    void concurrentPaymentsFromAnOwnersTwoWalletsLetThroughExactlyWhatFitsItsDayCountingWhatCameBefore()
            throws Exception {
        Owner owner = owner("owner");
        // Paid before the owner had limits: counted when they are set.
        assertEquals("SETTLED", pay(owner.token(), unique("before"), owner.first(), owner.payee(), "10.00", "USD")
                .text("status"));
        assertBalances(owner.first(), "990.00", "0.00", "0.00", "990.00");
        Http.Response set = setLimits(owner, "{\"windows\":[{\"window\":\"DAY\",\"amount\":\"100.00\"}]}");
        assertEquals(200, set.status(), set.body().toString());
        assertEquals("10.00", set.body().get("windows").get(0).get("used").get("amount").asString(), set.body().toString());

        List<Callable<Http.Response>> race = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String debtor = i % 2 == 0 ? owner.first() : owner.second();
            race.add(() -> pay(owner.token(), unique("race"), debtor, owner.payee(), "3.00", "USD"));
        }
        int settled = settledOfConcurrent(race);
        assertEquals(30, settled, "90.00 of the day's 100.00 was left: thirty payments of 3.00");
        assertBalances(owner.payee(), "100.00", "0.00", "0.00", "100.00");

        // Each account alone is far from its own (unset) limits; together they used the owner's day.
        await().untilAsserted(() -> {
            JsonNode own = http.get("/v1/limits/owners/USD", owner.token()).body();
            JsonNode day = own.get("windows").get(0);
            assertEquals("100.00", day.get("used").get("amount").asString(), own.toString());
            assertEquals(31, day.get("used").get("count").asInt());
            assertEquals("0.00", day.get("remaining").get("amount").asString());
        });
        JsonNode viaAccount = http.get("/v1/limits/accounts/" + owner.second(), BACKOFFICE).body();
        assertFalse(viaAccount.get("ownerLimits").isNull(), viaAccount.toString());
        assertEquals("100.00", viaAccount.get("ownerLimits").get("windows").get(0).get("amount").asString());

        // Removed: the owner's accounts are held to their funds only.
        assertEquals(200, setLimits(owner, "{}").status());
        assertEquals("SETTLED", pay(owner.token(), unique("p"), owner.second(), owner.payee(), "50.00", "USD")
                .text("status"));
        assertEquals(404, http.get("/v1/limits/owners/USD", owner.token()).status());
        assertTrue(http.get("/v1/limits/accounts/" + owner.second(), BACKOFFICE).body().get("ownerLimits").isNull());
    }

    @Test
    void aVoidAndAReversalGiveBackToTheOwnerWhatTheyGiveBackToTheAccount() {
        Owner owner = owner("giver");
        assertEquals(200, setLimits(owner, "{\"windows\":[{\"window\":\"DAY\",\"amount\":\"100.00\"}]}").status());

        Http.Response authorized = http.post("/v1/payments", owner.token(), """
                {"debtorAccount":"%s","creditorAccount":"%s","amount":"60.00","currency":"USD","capture":"MANUAL"}"""
                .formatted(owner.first(), owner.payee()), Map.of("Idempotency-Key", unique("auth"), "Prefer", "wait=10"));
        assertEquals("AUTHORIZED", authorized.text("status"), authorized.body().toString());
        // The hold on the first wallet counts against the owner: the second may not pay 50.00 on top.
        assertEquals("LIMIT_EXCEEDED", pay(owner.token(), unique("p"), owner.second(), owner.payee(), "50.00", "USD")
                .text("rejectionReason"));

        Http.Response voided = http.post("/v1/payments/" + authorized.text("paymentId") + "/void", BACKOFFICE, null,
                Map.of("Idempotency-Key", unique("void"), "Prefer", "wait=10"));
        assertEquals(200, voided.status(), voided.body().toString());
        Http.Response paid = pay(owner.token(), unique("p"), owner.second(), owner.payee(), "100.00", "USD");
        assertEquals("SETTLED", paid.text("status"), paid.body().toString());
        assertEquals("LIMIT_EXCEEDED", pay(owner.token(), unique("p"), owner.first(), owner.payee(), "0.01", "USD")
                .text("rejectionReason"));

        Http.Response reversal = http.post("/v1/payments/" + paid.text("paymentId") + "/reversal", BACKOFFICE, null,
                Map.of("Idempotency-Key", unique("rev"), "Prefer", "wait=10"));
        assertEquals("SETTLED", reversal.text("status"), reversal.body().toString());
        Http.Response again = pay(owner.token(), unique("p"), owner.first(), owner.payee(), "100.00", "USD");
        assertEquals("SETTLED", again.text("status"), again.body().toString());
        assertBalances(owner.first(), "900.00", "0.00", "0.00", "900.00");
        assertBalances(owner.second(), "1000.00", "0.00", "0.00", "1000.00");
    }

    @Test
    void onlyTheBackOfficeSetsAnOwnersLimitsAndAnOwnerReadsOnlyItsOwn() {
        Owner owner = owner("private");
        String limits = "{\"ownerId\":\"%s\",\"perPayment\":\"10.00\"}".formatted(owner.id());
        assertEquals(403, http.put("/v1/limits/owners/USD", owner.token(), limits).status());
        assertEquals("OWNER_LIMITS_NOT_FOUND", http.get("/v1/limits/owners/USD", owner.token()).code());
        assertEquals(200, http.put("/v1/limits/owners/USD", BACKOFFICE, limits).status());
        assertEquals("10.00", http.get("/v1/limits/owners/USD", owner.token()).body().get("perPayment").asString());
        // Another wallet reads its own, which it does not have; the owner has none in another currency.
        assertEquals(404, http.get("/v1/limits/owners/USD", Tokens.token(unique("other"), "wallet")).status());
        assertEquals(404, http.get("/v1/limits/owners/EUR", owner.token()).status());
        assertEquals("LIMIT_EXCEEDED", pay(owner.token(), unique("p"), owner.second(), owner.payee(), "10.01", "USD")
                .text("rejectionReason"));
    }

    @Test
    void ownerLimitsThatCannotBeMeantAreRefusedWithAProblemAndNothingIsSet() {
        Owner owner = owner("bad");
        assertEquals("VALIDATION_FAILED", http.put("/v1/limits/owners/USD", BACKOFFICE,
                "{\"perPayment\":\"1.00\"}").code());
        assertEquals("VALIDATION_FAILED", http.put("/v1/limits/owners/USD", BACKOFFICE,
                "{\"ownerId\":\"[erased]\",\"perPayment\":\"1.00\"}").code());
        assertEquals("VALIDATION_FAILED", setLimits(owner, "{\"windows\":[{\"window\":\"YEAR\",\"count\":1}]}").code());
        assertEquals("INVALID_AMOUNT", setLimits(owner, "{\"perPayment\":\"-1.00\"}").code());
        assertEquals("UNKNOWN_CURRENCY", http.put("/v1/limits/owners/XXX", BACKOFFICE,
                "{\"ownerId\":\"%s\"}".formatted(owner.id())).code());
        // An owner with no customer account in the currency has nothing to limit.
        assertEquals("ACCOUNT_NOT_FOUND", http.put("/v1/limits/owners/EUR", BACKOFFICE,
                "{\"ownerId\":\"%s\",\"perPayment\":\"1.00\"}".formatted(owner.id())).code());
        assertEquals(404, http.get("/v1/limits/owners/USD", owner.token()).status());
        assertEquals("SETTLED", pay(owner.token(), unique("p"), owner.first(), owner.payee(), "500.00", "USD")
                .text("status"));
    }
}
