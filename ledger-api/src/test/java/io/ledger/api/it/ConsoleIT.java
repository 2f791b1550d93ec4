package io.ledger.api.it;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.ledger.api.LedgerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The back-office console in a real headless Chromium against the whole service on its own PostgreSQL database,
 * run as a developer runs it: development on the development token secret, so the sign-in page offers the
 * development users. Sign in, find an account, read its balances, freeze it, see a payment refused, reverse a
 * payment, trace it, and see a wallet user and a clerk without compliance refused; every page checked with axe-core.
 */
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleIT {

    private static final String DATABASE = TestDatabase.create("console");
    private static final Path SECRET_FILE = secretFile();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
        // No public key: the development secret is what tokens are signed with, as on a developer's machine.
        registry.add("ledger.jwt.public-key", () -> "");
        registry.add("ledger.jwt.dev-secret-file", SECRET_FILE::toString);
        // No single sign-on either: the development users are the sign-in.
        registry.add("ledger.console.oidc.client-id", () -> "");
    }

    /** The development secret's temporary folder goes with the tests (the service read the secret at start). */
    @AfterAll
    static void removeTheSecret() throws IOException {
        Files.deleteIfExists(SECRET_FILE);
        Files.deleteIfExists(SECRET_FILE.getParent());
    }

    @Test
    void theBackOfficeWorksItsAccountsPaymentsAndTracesInTheBrowser() {
        Http http = new Http(port);
        String[] wallets = fundedPair(http, "alice", "bob");
        String alice = wallets[0];
        String bob = wallets[1];
        String paid = pay(http, token("alice", "wallet"), alice, bob, "25.00").text("paymentId");

        try (Browser browser = new Browser(port)) {
            backOffice(browser, http, alice, bob, paid);
        }
    }

    /**
     * A supervisor sets an owner's limits on one of its accounts' page (ADR 0034): the table shows them with what the
     * owner's accounts used, and a payment from the owner's other account is held to them.
     */
    @Test
    void theBackOfficeSetsAnOwnersLimitsOnAnAccountsPage() {
        Http http = new Http(port);
        String[] wallets = fundedPair(http, "hal", "ivy");
        String hal = wallets[0];
        String ivy = wallets[1];
        String second = "hal-" + suffix();
        assertEquals(201, http.post("/v1/accounts", token("hal", "wallet"), "{\"accountId\":\"" + second
                + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        assertEquals("SETTLED", pay(http, token("hal", "wallet"), hal, second, "40.00").text("status"));
        assertEquals("SETTLED", pay(http, token("hal", "wallet"), hal, ivy, "5.00").text("status"));

        try (Browser browser = new Browser(port)) {
            browser.open("/console/accounts");
            browser.click("#sign-in-supervisor");
            browser.awaitPath("/console"::equals);
            browser.open("/console/accounts/" + hal);
            assertEquals(1, browser.all("#limits tbody tr").size(), "no limits yet: one line saying so");
            browser.type("#owner-day-amount", "30.00");
            browser.type("#owner-day-count", "5");
            browser.click("#set-owner-limits");
            browser.awaitPath(("/console/accounts/" + hal)::equals);
            browser.awaitText("#limits tbody tr td", "Its owner, across its accounts in USD");
            // 45.00 and two payments went out of hal's first wallet today, before the limits: counted.
            String limits = browser.text("#limits");
            assertTrue(limits.contains("30.00") && limits.contains("45.00 / 2") && limits.contains("0.00 / 3"), limits);
            assertEquals("30.00", browser.value("#owner-day-amount"), "the form shows the limits as set");
            browser.assertAccessible("account-limits");
            browser.screenshot("account-limits");
        }
        // The owner's other wallet is held to them: the day is used up.
        Http.Response refused = pay(http, token("hal", "wallet"), second, ivy, "1.00");
        assertEquals("LIMIT_EXCEEDED", refused.text("rejectionReason"), refused.body().toString());
    }

    /** The file checked by the verifier an auditor runs, with the ledger's public key. */
    private static void verifiesOffline(Http http, String file, String expected) {
        try {
            java.nio.file.Path export = java.nio.file.Files.createTempFile("statement-", ".ndjson");
            java.nio.file.Path key = java.nio.file.Files.createTempFile("ledger-audit-", ".pem");
            java.nio.file.Files.writeString(export, file);
            java.nio.file.Files.writeString(key, http.get("/v1/audit/public-key", token("auditor", "compliance")).raw().body());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int exit = io.ledger.audit.VerifyExport.run(new String[] {export.toString(), "--public-key", key.toString()},
                    new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err);
            java.nio.file.Files.delete(export);
            java.nio.file.Files.delete(key);
            String verdict = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, exit, verdict);
            assertTrue(verdict.contains(expected), verdict);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void backOffice(Browser browser, Http http, String alice, String bob, String paid) {
        // Not signed in: the sign-in page, offering the development users.
        browser.open("/console/accounts");
        assertTrue(browser.path().startsWith("/console/sign-in"), browser.path());
        browser.assertAccessible("sign-in");
        browser.screenshot("sign-in");
        browser.click("#sign-in-supervisor");
        browser.awaitPath("/console"::equals);
        assertEquals("Home · Ledger console", browser.title());
        assertEquals("true/Lax//console", browser.cookies().get("LEDGER_CONSOLE"), "HttpOnly, SameSite=Lax, the console's path only");

        // Find the account by its id, read its balances and its statement.
        browser.type("#find-account", alice);
        browser.click("form[role=search] button");
        browser.awaitPath(("/console/accounts/" + alice)::equals);
        assertEquals("75.00", browser.text("#balance-posted"));
        assertEquals("75.00", browser.text("#balance-available"));
        assertEquals(2, browser.all("#statement tbody tr").size());
        JsonNode chart = JsonMapper.builder().build().readTree(
                (String) browser.script("return document.getElementById('balance-data').textContent"));
        assertEquals("75.00", chart.get("values").get(chart.get("values").size() - 1).asString());
        assertEquals(Boolean.TRUE, browser.script("return Chart.getChart('balance-chart') !== undefined"));
        browser.assertAccessible("account");
        browser.screenshot("account");
        // Its balances at a chosen time: before it was opened it did not exist; far ahead it reads as now.
        browser.open("/console/accounts/" + alice + "?asOf=2000-01-01T00:00");
        assertTrue(browser.text("#then-refused").startsWith("ACCOUNT_NOT_FOUND"), browser.text("#then-refused"));
        browser.open("/console/accounts/" + alice + "?asOf=2999-01-01T00:00");
        assertEquals("75.00", browser.text("#then-posted"));
        browser.assertAccessible("account as of");
        browser.open("/console/accounts/" + alice);

        // Its signed statement downloads with the session, and the offline verifier replays it into the same figures.
        String until = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        browser.find("#download-statement");
        Object statement = browser.asyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/accounts/%s/statement?from=2000-01-01T00:00&to=%s')
                    .then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('Content-Disposition') + '\\n' + t)));"""
                .formatted(alice, until));
        String downloaded = String.valueOf(statement);
        assertTrue(downloaded.startsWith("200 attachment; filename=\"statement-" + alice + ".ndjson\""), downloaded);
        verifiesOffline(http, downloaded.substring(downloaded.indexOf('\n') + 1), "opening 0, closing 7500");

        // Freeze it, with a reason: a payment from it is then refused.
        browser.type("#reason", "card reported stolen");
        browser.click("#freeze");
        browser.awaitText("#account-status", "FROZEN");
        assertTrue(browser.text(".notice.done").startsWith("Account frozen"));
        Http.Response refused = pay(http, token("alice", "wallet"), alice, bob, "5.00");
        browser.open("/console/payments?account=" + alice + "&status=REJECTED");
        browser.assertAccessible("payments");
        browser.screenshot("payments");
        if (refused.text("paymentId") != null) {
            browser.clickLink(refused.text("paymentId"));
            assertEquals("REJECTED", browser.text("#payment-status"));
            assertEquals("ACCOUNT_FROZEN", browser.text("#rejection-reason"));
        } else {
            assertEquals("ACCOUNT_FROZEN", refused.code(), refused.body().toString());
        }
        // Filtered by the day they were created (UTC): today holds the payment, yesterday nothing.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        browser.open("/console/payments?account=" + alice + "&from=" + today + "&to=" + today);
        assertTrue(browser.text("main table").contains(paid), browser.text("main table"));
        browser.open("/console/payments?account=" + alice + "&to=" + today.minusDays(1));
        assertTrue(browser.text("main table").contains("No payment matches."), browser.text("main table"));
        browser.open("/console/accounts/" + alice);
        browser.click("#unfreeze");
        browser.awaitText("#account-status", "ACTIVE");

        // Reverse the payment, after its confirmation page; the books move back.
        browser.open("/console/payments/" + paid);
        assertEquals("SETTLED", browser.text("#payment-status"));
        browser.click("#reverse");
        browser.awaitPath(path -> path.endsWith("/reverse"));
        browser.assertAccessible("confirm");
        browser.screenshot("confirm-reversal");
        browser.type("#note", "refund on request");
        browser.click("#confirm");
        assertEquals("SETTLED", browser.text("#payment-status"));
        assertTrue(browser.text(".notice.done").startsWith("Reverse: SETTLED"), browser.text(".notice.done"));
        String reversal = browser.path().substring("/console/payments/".length());
        assertFalse(reversal.equals(paid));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            browser.open("/console/accounts/" + alice);
            assertEquals("100.00", browser.text("#balance-posted"));
        });

        // A second reversal is refused, with the API's code and detail.
        browser.open("/console/payments/" + paid + "/reverse");
        browser.click("#confirm");
        assertEquals("PAYMENT_ALREADY_REVERSED", browser.text("#problem-code"));
        assertFalse(browser.text("#problem-detail").isBlank());
        browser.assertAccessible("refused");

        // Trace the payment from its timeline to the request that made it.
        browser.open("/console/payments/" + paid);
        assertTrue(browser.all("#timeline li").size() >= 3, "the timeline lists the payment's events");
        assertTrue(browser.text("#timeline li").contains("by alice"), browser.text("#timeline li"));
        browser.assertAccessible("payment");
        browser.screenshot("payment");
        browser.find("#timeline li a").click();
        assertTrue(browser.text("#trace-result").contains("alice"), browser.text("#trace-result"));
        browser.assertAccessible("compliance");
        browser.screenshot("compliance");
        assertTrue(browser.text("#integrity-mode").startsWith("From the events since the last check"),
                browser.text("#integrity-mode"));
        // A full check on demand reads every account event again, and finds the same books.
        browser.click("#full-check");
        assertTrue(browser.text("#integrity-mode").startsWith("Full check: every one of"), browser.text("#integrity-mode"));
        assertTrue(browser.text("#integrity-result").startsWith("Balanced"), browser.text("#integrity-result"));

        browser.open("/console/reviews");
        browser.assertAccessible("reviews");
        browser.screenshot("reviews");

        // A wallet's owner is refused at sign-in; a clerk without compliance is refused the trail.
        browser.click("header form button");
        browser.awaitPath(path -> path.startsWith("/console/sign-in"));
        browser.click("#sign-in-wallet-user");
        assertTrue(browser.text(".notice.refused").contains("FORBIDDEN"));
        browser.open("/console/accounts/" + alice);
        assertTrue(browser.path().startsWith("/console/sign-in"), browser.path());
        browser.click("#sign-in-clerk");
        browser.awaitPath("/console"::equals);
        browser.open("/console/payments/" + paid);
        assertEquals(0, browser.all("#timeline").size());
        browser.open("/console/compliance");
        assertEquals("FORBIDDEN", browser.text("#problem-code"));
        assertEquals("this operation needs scope compliance", browser.text("#problem-detail"));
    }

    @Test
    void reviewsFilesAuditExportAndOperationsInTheBrowser() {
        Http http = new Http(port);
        String backOffice = token("clerk", "backoffice");
        String[] wallets = fundedPair(http, "dave", "erin");
        String dave = wallets[0];
        String erin = wallets[1];
        assertEquals(200, http.put("/v1/risk/rules", backOffice, """
                {"rules":[{"name":"large-payment","kind":"AMOUNT_OVER","outcome":"REVIEW","amount":"50.00","currency":"USD"}]}""")
                .status());
        Http.Response held = pay(http, token("dave", "wallet"), dave, erin, "60.00");
        assertEquals("IN_REVIEW", held.text("status"), held.body().toString());
        // A payout the same rule holds for review (ADR 0033), from a wallet of its own.
        String fay = fundedPair(http, "fay", "gus")[0];
        assertEquals(201, http.post("/v1/accounts", token("ops", "admin"), "{\"accountId\":\"nostro-usd-" + suffix()
                + "\",\"ownerId\":\"house-bank\",\"currency\":\"USD\",\"type\":\"CLEARING\"}").status());
        Http.Response payout = http.post("/v1/payouts", token("fay", "wallet"), "{\"debtorAccount\":\"" + fay
                        + "\",\"amount\":\"55.00\",\"currency\":\"USD\",\"beneficiary\":{\"name\":\"Carol Example\","
                        + "\"iban\":\"DE89370400440532013000\"}}",
                Map.of("Idempotency-Key", "po-" + suffix(), "Prefer", "wait=10"));
        assertEquals("IN_REVIEW", payout.text("status"), payout.body().toString());
        String csv = "debtor_account,creditor_account,amount,currency,end_to_end_id,remittance_info\n"
                + dave + "," + erin + ",1.00,USD,E2E-1,rent\n"
                + dave + "," + erin + ",1.001,USD,E2E-2,\n";
        Http.Response uploaded = http.post("/v1/payment-files", token("dave", "wallet"), csv,
                Map.of("Content-Type", "text/csv", "Idempotency-Key", "file-" + suffix()));
        assertEquals(201, uploaded.status(), uploaded.body().toString());
        String fileId = uploaded.text("fileId");
        String[] authorizations = new String[2];
        for (int i = 0; i < 2; i++) {
            Http.Response authorized = http.post("/v1/payments", token("dave", "wallet"), "{\"debtorAccount\":\"" + dave
                            + "\",\"creditorAccount\":\"" + erin + "\",\"amount\":\"10.00\",\"currency\":\"USD\","
                            + "\"capture\":\"MANUAL\"}",
                    Map.of("Idempotency-Key", "auth-" + suffix(), "Prefer", "wait=10"));
            assertEquals("AUTHORIZED", authorized.text("status"), authorized.body().toString());
            authorizations[i] = authorized.text("paymentId");
        }

        try (Browser browser = new Browser(port)) {
            browser.open("/console/sign-in");
            browser.click("#sign-in-supervisor");
            browser.awaitPath("/console"::equals);
            // The review queue: the held payment, approved after its confirmation page.
            browser.clickLink("Reviews");
            assertTrue(browser.text("main table").contains(held.text("paymentId")), browser.text("main table"));
            assertTrue(browser.text("main table").contains("large-payment"));
            browser.assertAccessible("reviews");
            browser.screenshot("reviews");
            browser.clickLink("Approve…");
            browser.click("#confirm");
            assertEquals("SETTLED", browser.text("#payment-status"));
            assertTrue(browser.text(".notice.done").startsWith("Approve: SETTLED"), browser.text(".notice.done"));
            browser.open("/console/reviews");
            assertTrue(browser.text("main table").contains("No payment is waiting for review."));
            // The payout in review, with its rule; declined, its hold is released.
            String row = "#payout-" + payout.text("payoutId");
            assertTrue(browser.text(row).contains("large-payment"), browser.text(row));
            browser.click(row + " .decline-payout");
            browser.awaitPath(("/console/payouts/" + payout.text("payoutId") + "/decline")::equals);
            assertTrue(browser.text("main").contains("releases its holds"), browser.text("main"));
            browser.assertAccessible("payout decision");
            browser.click("#confirm");
            browser.awaitPath("/console/reviews"::equals);
            assertTrue(browser.text(".notice.done").startsWith("Payout declined"), browser.text(".notice.done"));
            await().untilAsserted(() -> assertEquals("RISK_DECLINED",
                    http.get("/v1/payouts/" + payout.text("payoutId"), backOffice).text("rejectionReason")));
            browser.open("/console/reviews");
            assertTrue(browser.text("#payout-reviews").contains("No payout is waiting for review."));

            // Authorizations: one captured in part, one voided, each after its confirmation page; the books then hold
            // 100.00 less the approved 60.00, the file's 1.00 and the 7.50 captured, and no hold.
            browser.open("/console/payments/" + authorizations[0]);
            browser.click("#capture");
            browser.type("#amount", "7.50");
            browser.click("#confirm");
            assertEquals("SETTLED", browser.text("#payment-status"));
            assertTrue(browser.text("main dl").contains("7.50"), browser.text("main dl"));
            browser.open("/console/payments/" + authorizations[1]);
            browser.click("#void");
            browser.click("#confirm");
            assertEquals("VOIDED", browser.text("#payment-status"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of("31.50", "0.00", "0.00", "31.50"),
                    List.of(balance(http, dave, "posted"), balance(http, dave, "pendingDebits"),
                            balance(http, dave, "pendingCredits"), balance(http, dave, "available"))));

            // The payment file: its progress and its refused line, with the line number and the reason.
            browser.clickLink("Batches and files");
            browser.type("#batch-id", fileId);
            browser.click("form[role=search] button");
            browser.awaitPath(("/console/files/" + fileId)::equals);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                browser.open("/console/files/" + fileId);
                assertTrue(browser.text("#counts").contains("SETTLED"), browser.text("#counts"));
            });
            assertTrue(browser.text("#items").contains("line 3"), browser.text("#items"));
            assertTrue(browser.text("#items").contains("INVALID_AMOUNT"), browser.text("#items"));
            browser.assertAccessible("file");
            browser.screenshot("file");

            // The audit export downloads with the session, as the API's export.
            browser.open("/console/compliance");
            Object export = browser.asyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('/console/compliance/export?format=csv')
                        .then(r => r.text().then(t => done(r.status + ' ' + r.headers.get('Content-Disposition') + '\\n' + t)));""");
            assertTrue(String.valueOf(export).startsWith("200 attachment; filename=\"ledger-audit.csv\""), String.valueOf(export));
            assertTrue(String.valueOf(export).contains(held.text("paymentId")), "the export holds the approved payment");

            // Operations, for administrators only.
            assertEquals(0, browser.all("a[href='/console/operations']").size());
            browser.click("header form button");
            browser.awaitPath(path -> path.startsWith("/console/sign-in"));
            browser.click("#sign-in-operator");
            browser.awaitPath("/console"::equals);
            browser.clickLink("Operations");
            browser.find("#processors");
            assertTrue(browser.all("#processors tbody tr").size() >= 3, browser.text("#processors"));
            assertTrue(browser.text("#processors").contains("running"));
            browser.assertAccessible("operations");
            browser.screenshot("operations");
        } finally {
            http.put("/v1/risk/rules", backOffice, "{\"rules\":[]}");
        }
    }

    @Test
    void aStatementsExceptionIsProposedForSuspenseByOneClerkAndApprovedByAnotherInTheBrowser() {
        Http http = new Http(port);
        String admin = token("ops", "admin");
        String clearing = "nostro-eur-" + suffix();
        String suspense = "suspense-eur-" + suffix();
        assertEquals(201, http.post("/v1/accounts", admin, "{\"accountId\":\"" + clearing
                + "\",\"ownerId\":\"bank\",\"currency\":\"EUR\",\"type\":\"CLEARING\"}").status());
        assertEquals(201, http.post("/v1/accounts", admin, "{\"accountId\":\"" + suspense
                + "\",\"ownerId\":\"bank\",\"currency\":\"EUR\",\"type\":\"SYSTEM\"}").status());
        String iban = org.iban4j.Iban.random(org.iban4j.CountryCode.DE).toString();
        assertEquals(201, http.post("/v1/bank-accounts", admin, "{\"iban\":\"" + iban + "\",\"currency\":\"EUR\","
                + "\"clearingAccount\":\"" + clearing + "\",\"suspenseAccount\":\"" + suspense + "\"}").status());
        Http.Response uploaded = http.post("/v1/bank-statements", token("bank-lane", "bank"),
                ReconciliationIT.camt053("MSG-" + suffix(), "STMT-" + suffix(), iban, "EUR", "0.00", "12.00",
                        ReconciliationIT.entry("CRDT", "12.00", "EUR", "BANK-1", "||GB33BUKB20201555555555|who knows")),
                Map.of("Content-Type", "application/xml", "Prefer", "wait=30"));
        assertEquals("RECONCILED", uploaded.text("status"), uploaded.body().toString());

        try (Browser browser = new Browser(port)) {
            browser.open("/console/sign-in");
            browser.click("#sign-in-clerk");
            browser.awaitPath("/console"::equals);
            browser.clickLink("Reconciliation");
            assertTrue(browser.text("#exceptions").contains("UNMATCHED"), browser.text("#exceptions"));
            assertTrue(browser.text("#exceptions").contains("BALANCE_MISMATCH"), browser.text("#exceptions"));
            browser.assertAccessible("reconciliation");
            browser.screenshot("reconciliation");
            browser.clickLink(uploaded.text("statementReference"));
            assertTrue(browser.text("#lines").contains("EXCEPTION"), browser.text("#lines"));
            assertTrue(browser.text("#balance-difference").contains("12.00"), browser.text("#balance-check"));
            browser.assertAccessible("statement");
            browser.screenshot("statement");

            // The clerk proposes the suspense booking and cannot approve it.
            String page = "/console/reconciliation/exceptions/" + exceptionOf(http, uploaded.text("statementId"), "UNMATCHED");
            browser.open("/console/reconciliation");
            browser.clickLink(page.substring(page.lastIndexOf('/') + 1));
            browser.awaitPath(page::equals);
            assertEquals(1, browser.all("#suspense-note").size(), browser.text("main"));
            browser.type("#suspense-note", "the bank does not know the sender");
            browser.click("#propose");
            browser.awaitText("#exception-status", "PROPOSED");
            assertEquals(0, browser.all("#approve").size(), "the proposer is offered no approval");
            browser.assertAccessible("exception");
            browser.screenshot("exception");

            // The supervisor, another back-office user, approves: the line is paid into suspense.
            browser.click("header form button");
            browser.awaitPath(path -> path.startsWith("/console/sign-in"));
            browser.click("#sign-in-supervisor");
            browser.awaitPath("/console"::equals);
            browser.open(page);
            browser.click("#approve");
            browser.awaitText("#exception-status", "RESOLVED");
            assertTrue(browser.text("main dl").contains("BOOKED_TO_SUSPENSE"), browser.text("main dl"));
            assertTrue(browser.text("main dl").contains("clerk, approved by supervisor"), browser.text("main dl"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertEquals("12.00", balance(http, suspense, "posted")));

            // The balance now agrees; the difference is explained by hand and nothing stays open.
            browser.open("/console/reconciliation/statements/" + uploaded.text("statementId"));
            assertTrue(browser.text("#balance-difference").contains("the books agree"), browser.text("#balance-check"));
            browser.open("/console/reconciliation");
            browser.clickLink(exceptionOf(http, uploaded.text("statementId"), "BALANCE_MISMATCH"));
            browser.type("#resolve-note", "the suspense booking closed it");
            browser.click("#resolve");
            browser.awaitText("#exception-status", "RESOLVED");
            assertTrue(browser.text("main dl").contains("EXPLAINED"), browser.text("main dl"));
        }
    }

    /** The id of the statement's exception of this kind, as the console lists it. */
    private static String exceptionOf(Http http, String statementId, String kind) {
        for (JsonNode exception : http.get("/v1/reconciliation/exceptions?statementId=" + statementId,
                token("clerk", "backoffice")).body().get("items")) {
            if (kind.equals(exception.get("kind").asString())) {
                return exception.get("exceptionId").asString();
            }
        }
        throw new AssertionError("no " + kind + " exception");
    }

    @Test
    void aFormPostedWithoutTheSessionsCsrfTokenChangesNothing() throws Exception {
        Http http = new Http(port);
        String owner = "carol-" + suffix();
        String wallet = owner;
        assertEquals(201, http.post("/v1/accounts", token(owner, "wallet"), "{\"accountId\":\"" + wallet
                + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        // Signed in as the clerk through the sign-in form, with its CSRF token...
        String page = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/sign-in"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        String csrf = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> signedIn = client.send(form("/console/sign-in/development", "user=clerk&_csrf=" + csrf),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, signedIn.statusCode());
        // ...a freeze posted without it (as another site's form would) is refused, and the account stays active.
        HttpResponse<String> forged = client.send(form("/console/accounts/" + wallet + "/freeze", "reason=forged"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        assertEquals("ACTIVE", http.get("/v1/accounts/" + wallet, token("ops", "admin")).text("status"));
        // The API never takes the console's cookie for a token.
        HttpResponse<String> api = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/v1/accounts/" + wallet)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, api.statusCode());
        assertNotNull(csrf);
    }

    private static String balance(Http http, String account, String which) {
        return http.get("/v1/accounts/" + account, token("ops", "admin")).body().get("balances").get(which).asString();
    }

    private HttpRequest form(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Two USD wallets of these owners, the first funded with 100.00 from a bank account of its own. */
    private static String[] fundedPair(Http http, String payer, String payee) {
        String admin = token("ops", "admin");
        String system = "bank-" + suffix();
        assertEquals(201, http.post("/v1/accounts", admin, "{\"accountId\":\"" + system
                + "\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        String[] wallets = {payer + "-" + suffix(), payee + "-" + suffix()};
        for (String wallet : wallets) {
            String owner = wallet.substring(0, wallet.indexOf('-'));
            assertEquals(201, http.post("/v1/accounts", token(owner, "wallet"), "{\"accountId\":\"" + wallet
                    + "\",\"currency\":\"USD\",\"type\":\"WALLET\"}").status());
        }
        assertEquals("SETTLED", pay(http, admin, system, wallets[0], "100.00").text("status"));
        return wallets;
    }

    private static Http.Response pay(Http http, String token, String debtor, String creditor, String amount) {
        return http.post("/v1/payments", token, LedgerIT.paymentBody(debtor, creditor, amount, "USD"),
                Map.of("Idempotency-Key", "k-" + suffix(), "Prefer", "wait=10"));
    }

    /** A token signed with the development secret the service created in its file. */
    private static String token(String subject, String scope) {
        try {
            byte[] secret = Base64.getDecoder().decode(Files.readString(SECRET_FILE).trim());
            Instant now = Instant.now();
            return Jwts.builder().issuer(Tokens.ISSUER).audience().add(Tokens.AUDIENCE).and().subject(subject)
                    .claim("scope", scope).issuedAt(Date.from(now)).expiration(Date.from(now.plus(Duration.ofMinutes(10))))
                    .signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256).compact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path secretFile() {
        try {
            return Files.createTempDirectory("ledger-console-it").resolve("dev-jwt-secret");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String suffix() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}
