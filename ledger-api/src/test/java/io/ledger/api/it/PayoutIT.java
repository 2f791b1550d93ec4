package io.ledger.api.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payouts end to end against real PostgreSQL, with a test bank client (scope bank) that lists the instructions
 * and reports the bank's answers: accepted, rejected (the hold released), returned after settlement (new
 * entries), overdue (the test application gives the bank four seconds). Balances and statements at each step.
 * Each test pays out in its own currency, so each has its own clearing account.
 */
class PayoutIT extends LedgerIT {

    private static final String BANK_LANE = Tokens.token("bank-lane", "bank");
    private static final String IBAN = "DE89370400440532013000";

    private String openClearing(String currency) {
        String id = unique("nostro-" + currency.toLowerCase());
        Http.Response opened = open(ADMIN, id, "house-bank", currency, "CLEARING");
        assertEquals(201, opened.status(), opened.body().toString());
        return id;
    }

    /** A wallet with money in it, and a clearing account to pay out through. */
    private String fundedWallet(String owner, String currency, String amount) {
        openClearing(currency);
        String system = openSystem(currency);
        String wallet = openWallet(owner, currency);
        fund(system, wallet, amount, currency);
        return wallet;
    }

    private static String body(String debtor, String amount, String currency, String iban) {
        return "{\"debtorAccount\":\"" + debtor + "\",\"amount\":\"" + amount + "\",\"currency\":\"" + currency
                + "\",\"beneficiary\":{\"name\":\"Carol Example\",\"iban\":\"" + iban + "\",\"bic\":\"COBADEFFXXX\"},"
                + "\"remittanceInfo\":\"invoice 42\"}";
    }

    private Http.Response payOut(String owner, String key, String debtor, String amount, String currency) {
        return http.post("/v1/payouts", Tokens.token(owner, "wallet"), body(debtor, amount, currency, IBAN),
                Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
    }

    private Http.Response report(String payoutId, String json) {
        return http.post("/v1/payouts/" + payoutId + "/bank-result", BANK_LANE, json, Map.of("Prefer", "wait=10"));
    }

    /** What the bank lane finds to carry to the bank: every page of ?status=INSTRUCTED. */
    private List<String> instructed() {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Http.Response page = http.get("/v1/payouts?status=INSTRUCTED&limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), BANK_LANE);
            assertEquals(200, page.status(), page.body().toString());
            page.body().get("items").forEach(item -> ids.add(item.get("payoutId").asString()));
            cursor = page.body().get("nextCursor") == null || page.body().get("nextCursor").isNull() ? null
                    : page.text("nextCursor");
        } while (cursor != null);
        return ids;
    }

    private String beneficiary(String token, String payoutId, String field) {
        Http.Response payout = http.get("/v1/payouts/" + payoutId, token);
        assertEquals(200, payout.status(), payout.body().toString());
        return payout.body().get("beneficiary").get(field).asString();
    }

    @Test
    void anAcceptedPayoutSettlesThroughTheClearingAccountAndAReturnBooksNewEntries() {
        String alice = fundedWallet("alice", "EUR", "100.00");
        Http.Response payout = payOut("alice", unique("po"), alice, "40.00", "EUR");
        assertEquals(201, payout.status(), payout.body().toString());
        assertEquals("INSTRUCTED", payout.text("status"));
        assertNotNull(payout.text("answerBy"));
        assertEquals("Carol Example", payout.body().get("beneficiary").get("name").asString());
        String id = payout.text("payoutId");
        String clearing = payout.text("clearingAccount");
        assertBalances(alice, "100.00", "40.00", "0.00", "60.00");
        assertBalances(clearing, "0.00", "0.00", "40.00", "0.00");
        assertEquals(List.of("DEBIT 40.00 PENDING"), entries(alice, id));
        assertTrue(instructed().contains(id), "the bank lane finds the instruction");

        Http.Response accepted = report(id, "{\"result\":\"ACCEPTED\",\"bankReference\":\"BANK-REF-1\"}");
        assertEquals(200, accepted.status(), accepted.body().toString());
        assertEquals("SETTLED", accepted.text("status"));
        assertEquals("ACCEPTED", accepted.text("bankResult"));
        assertEquals("BANK-REF-1", accepted.text("bankReference"));
        assertBalances(alice, "60.00", "0.00", "0.00", "60.00");
        assertBalances(clearing, "40.00", "0.00", "0.00", "40.00");
        assertEquals(List.of("DEBIT 40.00 POSTED"), entries(alice, id));
        assertTrue(!instructed().contains(id));

        Http.Response again = report(id, "{\"result\":\"ACCEPTED\",\"bankReference\":\"BANK-REF-1\"}");
        assertEquals(200, again.status());
        assertEquals("true", again.header("Idempotent-Replayed"));
        Http.Response conflicting = report(id, "{\"result\":\"REJECTED\",\"reasonCode\":\"AC04\"}");
        assertEquals(409, conflicting.status());
        assertEquals("BANK_RESULT_CONFLICT", conflicting.code());

        Http.Response returned = report(id, "{\"result\":\"RETURNED\",\"reasonCode\":\"AC06\"}");
        assertEquals(200, returned.status(), returned.body().toString());
        assertEquals("RETURNED", returned.text("status"));
        assertEquals("AC06", returned.text("reasonCode"));
        assertBalances(alice, "100.00", "0.00", "0.00", "100.00");
        assertBalances(clearing, "0.00", "0.00", "0.00", "0.00");
        assertEquals(List.of("DEBIT 40.00 POSTED", "CREDIT 40.00 POSTED"), entries(alice, id),
                "the return is a new entry; the payout's debit stays as it was");
        assertEquals(List.of("CREDIT 40.00 POSTED", "DEBIT 40.00 POSTED"), entries(clearing, id));
    }

    @Test
    void aRejectionReleasesTheHoldAndPostsNothing() {
        String bob = fundedWallet("bob", "GBP", "50.00");
        Http.Response payout = payOut("bob", unique("po"), bob, "50.00", "GBP");
        String id = payout.text("payoutId");
        String clearing = payout.text("clearingAccount");
        assertBalances(bob, "50.00", "50.00", "0.00", "0.00");

        Http.Response rejected = report(id, "{\"result\":\"REJECTED\",\"reasonCode\":\"AC04\"}");
        assertEquals(200, rejected.status(), rejected.body().toString());
        assertEquals("REJECTED", rejected.text("status"));
        assertEquals("AC04", rejected.text("reasonCode"));
        assertBalances(bob, "50.00", "0.00", "0.00", "50.00");
        assertBalances(clearing, "0.00", "0.00", "0.00", "0.00");
        assertEquals(List.of("DEBIT 50.00 RELEASED"), entries(bob, id));
        Http.Response returned = report(id, "{\"result\":\"RETURNED\",\"reasonCode\":\"AC06\"}");
        assertEquals(409, returned.status());
    }

    @Test
    void aPayoutBeyondTheBalanceIsRejectedWithNothingHeld() {
        String dave = fundedWallet("dave", "CHF", "10.00");
        Http.Response payout = payOut("dave", unique("po"), dave, "10.01", "CHF");
        assertEquals(201, payout.status(), payout.body().toString());
        assertEquals("REJECTED", payout.text("status"));
        assertEquals("INSUFFICIENT_FUNDS", payout.text("rejectionReason"));
        assertBalances(dave, "10.00", "0.00", "0.00", "10.00");
        Http.Response answer = report(payout.text("payoutId"), "{\"result\":\"ACCEPTED\",\"bankReference\":\"X1\"}");
        assertEquals(409, answer.status());
        assertEquals("PAYOUT_NOT_AWAITING_RESULT", answer.code());
    }

    @Test
    void aPayoutTheBankDoesNotAnswerInTimeTurnsOverdueStaysHeldAndStillSettles() {
        String erin = fundedWallet("erin", "SEK", "500.00");
        Http.Response payout = payOut("erin", unique("po"), erin, "120.00", "SEK");
        String id = payout.text("payoutId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals("OVERDUE", http.get("/v1/payouts/" + id, BANK_LANE).text("status")));
        assertBalances(erin, "500.00", "120.00", "0.00", "380.00");
        String metrics = http.get("/actuator/prometheus", Tokens.token("scraper", "metrics")).raw().body();
        assertTrue(metrics.contains("ledger_payouts_total{status=\"OVERDUE\"}"), "overdue payouts are counted");
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ledger_payouts_overdue ")
                && Double.parseDouble(line.substring(line.indexOf(' ') + 1)) >= 1), "and the ones still overdue shown");

        Http.Response accepted = report(id, "{\"result\":\"ACCEPTED\",\"bankReference\":\"LATE-1\"}");
        assertEquals(200, accepted.status(), accepted.body().toString());
        assertEquals("SETTLED", accepted.text("status"));
        assertBalances(erin, "380.00", "0.00", "0.00", "380.00");
    }

    @Test
    void theSameKeyAnswersTheSamePayoutAndRefusesAnotherBody() {
        String fay = fundedWallet("fay", "NOK", "100.00");
        String key = unique("po-same");
        Http.Response first = payOut("fay", key, fay, "10.00", "NOK");
        Http.Response again = payOut("fay", key, fay, "10.00", "NOK");
        assertEquals(first.text("payoutId"), again.text("payoutId"));
        assertEquals("true", again.header("Idempotent-Replayed"));
        Http.Response other = payOut("fay", key, fay, "11.00", "NOK");
        assertEquals(422, other.status());
        assertEquals("IDEMPOTENCY_KEY_REUSED", other.code());
        assertBalances(fay, "100.00", "10.00", "0.00", "90.00");
    }

    @Test
    void onlyTheOwnerPaysOutOnlyTheBankLaneAnswersAndNobodyElseSeesAPayout() {
        String gus = fundedWallet("gus", "DKK", "100.00");
        String id = payOut("gus", unique("po"), gus, "10.00", "DKK").text("payoutId");

        assertEquals("ACCOUNT_NOT_FOUND", payOut("mallory", unique("po"), gus, "10.00", "DKK").code());
        Http.Response byAdmin = http.post("/v1/payouts", ADMIN, body(gus, "1.00", "DKK", IBAN), Map.of("Idempotency-Key", "a"));
        assertEquals(403, byAdmin.status());
        assertEquals(404, http.get("/v1/payouts/" + id, Tokens.token("mallory", "wallet")).status());
        // The beneficiary in clear for the owner who gave it and the bank lane that executes it; masked for the
        // back office and the admin.
        assertEquals("Carol Example", beneficiary(Tokens.token("gus", "wallet"), id, "name"));
        assertEquals(IBAN, beneficiary(Tokens.token("gus", "wallet"), id, "iban"));
        assertEquals(IBAN, beneficiary(BANK_LANE, id, "iban"));
        assertEquals("C***", beneficiary(BACKOFFICE, id, "name"));
        assertEquals("DE89**************3000", beneficiary(BACKOFFICE, id, "iban"));
        assertEquals("DE89**************3000", beneficiary(ADMIN, id, "iban"));
        assertEquals("COBADEFFXXX", beneficiary(BACKOFFICE, id, "bic"));
        http.get("/v1/payouts?limit=200", BACKOFFICE).body().get("items").forEach(item ->
                assertTrue(!item.toString().contains(IBAN), "the back office's list masks every IBAN"));
        assertEquals(403, http.post("/v1/payouts/" + id + "/bank-result", Tokens.token("gus", "wallet"),
                "{\"result\":\"ACCEPTED\",\"bankReference\":\"X\"}").status());
        assertEquals(403, http.post("/v1/payouts/" + id + "/bank-result", BACKOFFICE,
                "{\"result\":\"ACCEPTED\",\"bankReference\":\"X\"}").status());
        // The bank lane sees payouts and nothing else.
        assertEquals(403, http.get("/v1/accounts/" + gus, BANK_LANE).status());
        assertEquals(403, http.get("/v1/payments", BANK_LANE).status());
        assertEquals(403, http.post("/v1/payments", BANK_LANE, paymentBody(gus, gus, "1.00", "DKK"),
                Map.of("Idempotency-Key", "b")).status());
        assertEquals(404, http.post("/v1/payouts/00000000-0000-8000-8000-000000000000/bank-result", BANK_LANE,
                "{\"result\":\"ACCEPTED\",\"bankReference\":\"X\"}").status());
        assertEquals(403, http.get("/v1/audit/events", BANK_LANE).status());
        List<String> mine = new ArrayList<>();
        http.get("/v1/payouts?limit=200", Tokens.token("mallory", "wallet")).body().get("items")
                .forEach(item -> mine.add(item.get("payoutId").asString()));
        assertTrue(mine.isEmpty(), "a wallet lists its own payouts only: " + mine);
    }

    @Test
    void badPayoutsAndBadAnswersAreRefusedWithNothingWritten() {
        String hal = fundedWallet("hal", "PLN", "100.00");
        String token = Tokens.token("hal", "wallet");
        Http.Response badIban = http.post("/v1/payouts", token, body(hal, "1.00", "PLN", "DE89370400440532013001"),
                Map.of("Idempotency-Key", "k1"));
        assertEquals(400, badIban.status());
        assertEquals("VALIDATION_FAILED", badIban.code());
        assertTrue(!badIban.body().toString().contains("DE8937040044053201300"), "the refusal does not echo the IBAN");
        Http.Response noBeneficiary = http.post("/v1/payouts", token,
                "{\"debtorAccount\":\"" + hal + "\",\"amount\":\"1.00\",\"currency\":\"PLN\"}", Map.of("Idempotency-Key", "k2"));
        assertEquals(400, noBeneficiary.status());
        Http.Response noClearing = http.post("/v1/payouts", token, body(hal, "1.00", "JPY", IBAN), Map.of("Idempotency-Key", "k3"));
        assertEquals(422, noClearing.status());
        assertEquals("NO_CLEARING_ACCOUNT", noClearing.code());
        assertBalances(hal, "100.00", "0.00", "0.00", "100.00");

        String id = payOut("hal", unique("k4"), hal, "1.00", "PLN").text("payoutId");
        for (String bad : new String[] {"{\"result\":\"ACCEPTED\"}", "{\"result\":\"REJECTED\"}",
                "{\"result\":\"REJECTED\",\"reasonCode\":\"ac04\"}", "{\"result\":\"ACCEPTED\",\"bankReference\":\"X\",\"reasonCode\":\"AC04\"}",
                "{\"result\":\"MAYBE\",\"reasonCode\":\"AC04\"}", "{}"}) {
            Http.Response refused = report(id, bad);
            assertEquals(400, refused.status(), bad + " -> " + refused.body());
        }
        Http.Response payout = http.get("/v1/payouts/" + id, BANK_LANE);
        assertEquals("INSTRUCTED", payout.text("status"));
        assertNull(payout.body().get("bankResult") == null || payout.body().get("bankResult").isNull() ? null : "answered");
    }
}
