package io.ledger.api.it;

import tools.jackson.databind.JsonNode;
import io.ledger.audit.VerifyExport;
import io.ledger.messages.privacy.PersonalData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crypto-shredding end to end (ADR 0021): a subject's personal data is stored sealed, reads in clear while
 * the subject's key exists, and reads as erased everywhere once compliance erases the subject, while the
 * events stay, the audit chain still verifies and an export still verifies offline.
 */
class DataSubjectErasureIT extends LedgerIT {

    private static final String COMPLIANCE = Tokens.forTheRun("privacy-officer", "compliance");
    private static final String BANK_LANE = Tokens.token("bank-lane", "bank");
    private static final String IBAN = "DE89370400440532013000";

    /** A subject, its closed-down history, and what it left in the ledger. */
    private record History(String subject, String wallet, String paymentId, String payoutId, String friendPaymentId,
                           String friendWallet) {
    }

    private Http.Response erase(String token, String subjectId) {
        return http.post("/v1/data-subject-erasures", token, "{\"subjectId\":\"" + subjectId + "\"}");
    }

    /** Everything the event store and the audit log hold as text: payloads and metadata. */
    private String storedText() {
        StringBuilder all = new StringBuilder();
        jdbc.queryForList("select convert_from(payload, 'UTF8') as p, convert_from(meta_data, 'UTF8') as m "
                + "from domain_event_entry").forEach(row -> all.append(row.get("p")).append(row.get("m")));
        jdbc.queryForList("select payload, metadata from audit_record")
                .forEach(row -> all.append(row.get("payload")).append(row.get("metadata")));
        return all.toString();
    }

    /**
     * A wallet that was funded, paid a friend with a remittance text, paid out to a named beneficiary (the bank
     * accepted), gave the rest away, and was closed: the history a subject leaves when it leaves.
     */
    private History closedHistory(String currency) {
        String subject = "subj-" + UUID.randomUUID();
        String friend = "friend-" + UUID.randomUUID();
        String clearing = unique("nostro-" + currency.toLowerCase());
        assertEquals(201, open(ADMIN, clearing, "house-bank", currency, "CLEARING").status());
        String system = openSystem(currency);
        String wallet = unique("w");
        assertEquals(201, open(Tokens.token(subject, "wallet"), wallet, null, currency, "WALLET").status());
        String friendWallet = unique("w");
        assertEquals(201, open(Tokens.token(friend, "wallet"), friendWallet, null, currency, "WALLET").status());
        fund(system, wallet, "100.00", currency);

        String token = Tokens.token(subject, "wallet");
        Http.Response paid = http.post("/v1/payments", token, "{\"debtorAccount\":\"" + wallet + "\",\"creditorAccount\":\""
                + friendWallet + "\",\"amount\":\"30.00\",\"currency\":\"" + currency
                + "\",\"remittanceInfo\":\"dinner at Marguerite's, 12 Rue Cler\"}",
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));
        assertEquals(201, paid.status(), paid.body().toString());
        Http.Response friendPaid = http.post("/v1/payments", Tokens.token(friend, "wallet"), "{\"debtorAccount\":\""
                + friendWallet + "\",\"creditorAccount\":\"" + wallet + "\",\"amount\":\"5.00\",\"currency\":\"" + currency
                + "\",\"remittanceInfo\":\"my share of the tip\"}", Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));
        assertEquals(201, friendPaid.status(), friendPaid.body().toString());

        Http.Response payout = http.post("/v1/payouts", token, "{\"debtorAccount\":\"" + wallet + "\",\"amount\":\"25.00\","
                + "\"currency\":\"" + currency + "\",\"beneficiary\":{\"name\":\"Clara Landlady\",\"iban\":\"" + IBAN
                + "\",\"bic\":\"COBADEFFXXX\"},\"remittanceInfo\":\"rent flat 3B\"}",
                Map.of("Idempotency-Key", unique("k"), "Prefer", "wait=10"));
        assertEquals(201, payout.status(), payout.body().toString());
        String payoutId = payout.text("payoutId");
        Http.Response accepted = http.post("/v1/payouts/" + payoutId + "/bank-result", BANK_LANE,
                "{\"result\":\"ACCEPTED\",\"bankReference\":\"BANKREF1\"}", Map.of("Prefer", "wait=10"));
        assertEquals(200, accepted.status(), accepted.body().toString());

        assertEquals(201, pay(token, unique("k"), wallet, friendWallet, "50.00", currency).status());
        assertBalances(wallet, "0.00", "0.00", "0.00", "0.00");
        Http.Response closed = http.post("/v1/accounts/" + wallet + "/close", ADMIN, null);
        assertEquals(200, closed.status(), closed.body().toString());
        return new History(subject, wallet, paid.text("paymentId"), payoutId, friendPaid.text("paymentId"), friendWallet);
    }

    private int verifyExport(Path dir, String name, String content) throws Exception {
        Path key = dir.resolve("audit.pem");
        Files.writeString(key, http.get("/v1/audit/public-key", COMPLIANCE).raw().body());
        Path file = Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return VerifyExport.run(new String[] {file.toString(), "--public-key", key.toString()}, new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void anExportShowsWhatSealedValuesReadAsAndTheVerifierHoldsThatViewToThem(@TempDir Path dir) throws Exception {
        History history = closedHistory("DKK");
        for (String format : List.of("ndjson", "csv")) {
            String export = http.get("/v1/audit/export?format=" + format + "&account=" + history.wallet(), COMPLIANCE)
                    .raw().body();
            assertTrue(export.contains("dinner at Marguerite's"), "the remittance text, opened for compliance");
            assertTrue(export.contains("/remittanceInfo") && export.contains("/principal"), export);
            assertEquals(0, verifyExport(dir, "clear." + format, export), format);
        }
        assertTrue(http.get("/v1/audit/events?limit=200&account=" + history.wallet(), COMPLIANCE).body().get("items")
                .toString().contains("dinner at Marguerite's"), "the audit log's pages open sealed values as well");
        // The view is outside the hash: one that shows anything but a sealed value is refused.
        String export = http.get("/v1/audit/export?account=" + history.wallet(), COMPLIANCE).raw().body();
        String forged = export.replaceFirst("\"personalData\":\\{\"payload\":\\{",
                "\"personalData\":{\"payload\":{\"/accountId\":\"1\",");
        assertFalse(forged.equals(export));
        assertEquals(1, verifyExport(dir, "forged.ndjson", forged));
    }

    @Test
    void personalDataIsNeverStoredInClear() {
        History history = closedHistory("CHF");
        String stored = storedText();
        for (String clear : List.of(history.subject(), "Marguerite", "Clara Landlady", IBAN, "rent flat 3B")) {
            assertFalse(stored.contains(clear), clear + " is stored in clear");
        }
        // ...and reads in clear for whom it is shown to, while the subject's key exists.
        assertEquals(history.subject(), account(history.wallet()).text("ownerId"));
        Http.Response payment = http.get("/v1/payments/" + history.paymentId(), BACKOFFICE);
        assertEquals("dinner at Marguerite's, 12 Rue Cler", payment.text("remittanceInfo"));
        assertEquals(history.subject(), payment.text("initiatedBy"));
        Http.Response payout = http.get("/v1/payouts/" + history.payoutId(), Tokens.token(history.subject(), "wallet"));
        assertEquals("Clara Landlady", payout.body().get("beneficiary").get("name").asString());
    }

    @Test
    void anErasedSubjectReadsErasedEverywhereAndTheAuditChainStillVerifies(@TempDir Path dir) throws Exception {
        History history = closedHistory("SEK");
        String subjectToken = Tokens.token(history.subject(), "wallet");

        Http.Response erased = erase(COMPLIANCE, history.subject());
        assertEquals(200, erased.status(), erased.body().toString());
        assertEquals(1, erased.body().get("accounts").asInt());
        assertEquals(2, erased.body().get("payments").asInt(), "the two it initiated, not its friend's: "
                + erased.body());
        assertEquals(1, erased.body().get("payouts").asInt());
        assertTrue(erased.body().get("auditRecords").asInt() > 0, erased.body().toString());
        String subjectRef = erased.text("subjectRef");

        // Read models: the owner, the remittance texts, the initiator and the beneficiary read erased.
        assertEquals(PersonalData.ERASED, account(history.wallet()).text("ownerId"));
        Http.Response payment = http.get("/v1/payments/" + history.paymentId(), BACKOFFICE);
        assertEquals(PersonalData.ERASED, payment.text("remittanceInfo"));
        assertEquals(PersonalData.ERASED, payment.text("initiatedBy"));
        assertEquals("30.00", payment.text("amount"), "the money stays: only personal data is erased");
        JsonNode beneficiary = http.get("/v1/payouts/" + history.payoutId(), BANK_LANE).body().get("beneficiary");
        assertEquals(PersonalData.ERASED, beneficiary.get("name").asString());
        assertEquals(PersonalData.ERASED, beneficiary.get("iban").asString());
        assertEquals(PersonalData.ERASED, http.get("/v1/payouts/" + history.payoutId(), BACKOFFICE).body()
                .get("beneficiary").get("iban").asString(), "masking leaves an erased value as it is");
        // The friend's own payment, and its remittance text, are the friend's and stay.
        assertEquals("my share of the tip", http.get("/v1/payments/" + history.friendPaymentId(), BACKOFFICE)
                .text("remittanceInfo"));

        // The subject's token reaches nothing that was its own; compliance cannot find it by principal.
        assertEquals(404, http.get("/v1/accounts/" + history.wallet(), subjectToken).status());
        assertEquals(0, http.get("/v1/accounts", subjectToken).body().get("items").size());
        assertEquals(0, http.get("/v1/audit/events?principal=" + history.subject(), COMPLIANCE).body().get("items").size());
        assertFalse(storedText().contains(history.subject()));
        String opened = http.get("/v1/audit/events?limit=200&account=" + history.wallet(), COMPLIANCE).body().toString();
        assertFalse(opened.contains("Marguerite"), opened);
        assertTrue(opened.contains("\"/remittanceInfo\":\"" + PersonalData.ERASED + "\""), opened);

        // The audit chain: untouched, verified, and it records the erasure (by whom, sealed like every principal).
        JsonNode verify = http.get("/v1/audit/verify", COMPLIANCE).body();
        assertTrue(verify.get("verified").asBoolean(), verify.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode records = http.get("/v1/audit/events?type=DataSubjectErasedEvent&limit=200", COMPLIANCE).body();
            assertTrue(records.get("items").toString().contains(subjectRef), records.toString());
        });

        // An export of the erased subject's account still verifies offline, and reads erased.
        Http.Response export = http.get("/v1/audit/export?account=" + history.wallet(), COMPLIANCE);
        assertEquals(200, export.status());
        assertFalse(export.raw().body().contains("Marguerite"));
        assertTrue(export.raw().body().contains("\"/remittanceInfo\":\"" + PersonalData.ERASED + "\""));
        assertEquals(0, verifyExport(dir, "erased.ndjson", export.raw().body()));

        // A rebuild from the events reads them erased: erasure is not undone by replaying history.
        assertEquals(202, http.post("/v1/admin/read-models/rebuild", ADMIN, null).status());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (JsonNode projection : http.get("/v1/admin/read-models", ADMIN).body()) {
                assertTrue(projection.get("caughtUp").asBoolean());
            }
            assertEquals(PersonalData.ERASED, account(history.wallet()).text("ownerId"));
            assertEquals(PersonalData.ERASED, http.get("/v1/payments/" + history.paymentId(), BACKOFFICE)
                    .text("remittanceInfo"));
            assertEquals(PersonalData.ERASED, http.get("/v1/payouts/" + history.payoutId(), BANK_LANE).body()
                    .get("beneficiary").get("name").asString());
            assertEquals("my share of the tip", http.get("/v1/payments/" + history.friendPaymentId(), BACKOFFICE)
                    .text("remittanceInfo"));
        });

        // Once is all: the subject's key is gone, and so is every way to find it.
        Http.Response again = erase(COMPLIANCE, history.subject());
        assertEquals(404, again.status());
        assertEquals("DATA_SUBJECT_NOT_FOUND", again.code());
    }

    @Test
    void aSubjectWithAnAccountNotClosedIsNotErasedAndNothingChanges() {
        String subject = "subj-" + UUID.randomUUID();
        String wallet = unique("w");
        assertEquals(201, open(Tokens.token(subject, "wallet"), wallet, null, "NOK", "WALLET").status());
        Http.Response refused = erase(COMPLIANCE, subject);
        assertEquals(409, refused.status(), refused.body().toString());
        assertEquals("DATA_SUBJECT_HAS_OPEN_ACCOUNTS", refused.code());
        assertTrue(refused.text("detail").contains(wallet), refused.body().toString());
        assertEquals(subject, account(wallet).text("ownerId"));
        assertEquals(1, jdbc.queryForObject("select count(*) from data_subject_key where subject_id = ?", Integer.class,
                subject));
    }

    @Test
    void onlyComplianceErasesAndBadRequestsAreRefusedClearly() {
        for (String token : List.of(Tokens.token("someone", "wallet"), BACKOFFICE, ADMIN, BANK_LANE)) {
            Http.Response refused = erase(token, "someone");
            assertEquals(403, refused.status());
            assertEquals("FORBIDDEN", refused.code());
        }
        assertEquals(401, http.post("/v1/data-subject-erasures", null, "{\"subjectId\":\"x\"}").status());
        Http.Response missing = http.post("/v1/data-subject-erasures", COMPLIANCE, "{}");
        assertEquals(400, missing.status());
        assertEquals("VALIDATION_FAILED", missing.code());
        Http.Response unknown = erase(COMPLIANCE, "never-seen-" + UUID.randomUUID());
        assertEquals(404, unknown.status());
        assertEquals("DATA_SUBJECT_NOT_FOUND", unknown.code());
    }

    /**
     * Many new subjects at once, each needing a key made while its request's transaction holds a connection: the
     * keys are made on connections of their own, so the application's pool (10 here) cannot starve itself.
     */
    @Test
    void manyNewSubjectsAtOnceGetTheirKeysWithoutStarvingThePool() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(48);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String subject = "new-" + UUID.randomUUID();
            opened.add(pool.submit(() -> {
                start.await();
                return open(Tokens.token(subject, "wallet"), unique("w"), null, "PLN", "WALLET").status();
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<Integer> status : opened) {
            assertEquals(201, status.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        pool.shutdown();
    }

    @Test
    void whatAnErasedOwnerReadsAsIsNoOneElsesName() {
        assertEquals(401, http.get("/v1/accounts", Tokens.token(PersonalData.ERASED, "wallet")).status());
        Http.Response refused = open(ADMIN, unique("w"), PersonalData.ERASED, "USD", "WALLET");
        assertEquals(400, refused.status());
        assertEquals("VALIDATION_FAILED", refused.code());
    }
}
