package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Base of the end-to-end tests: the whole application on a real port, on its own fresh PostgreSQL
 * database, driven over HTTP with real signed tokens. Subclasses share one application context.
 */
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LedgerIT {

    /**
     * The shared context's database, created when a subclass's context first asks for it: a test of its own context
     * that borrows {@link #testApplication} loads this class without creating (and leaking) it.
     */
    private static final class Shared {
        static final String DATABASE = TestDatabase.create("it");
    }

    protected static final String ADMIN = Tokens.forTheRun("ops", "admin");
    protected static final String BACKOFFICE = Tokens.forTheRun("clerk", "backoffice");

    @LocalServerPort
    int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Http http;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        testApplication(registry, Shared.DATABASE);
    }

    /** The settings every test application runs with: its own database, the test token issuer. */
    static void testApplication(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", () -> TestDatabase.USER);
        registry.add("spring.datasource.password", () -> TestDatabase.PASSWORD);
        registry.add("ledger.jwt.public-key", Tokens.PUBLIC_KEY_PEM::toString);
        // Checkpoints signed with the development key in LEDGER_HOME, as a developer's run does; the jar-based
        // tests run with production settings, and ProductionRefusalIT checks a production start refuses fallbacks.
        registry.add("ledger.development", () -> "true");
        registry.add("ledger.jwt.issuer", () -> Tokens.ISSUER);
        registry.add("ledger.jwt.audience", () -> Tokens.AUDIENCE);
        // Small checkpoints, so every test crosses many of them and the every-N path runs constantly.
        registry.add("ledger.audit.checkpoint-interval", () -> "8");
        // The suites fire requests faster than any client should; RateLimitIT tests the limits.
        registry.add("ledger.rate-limit.enabled", () -> "false");
        // Several application contexts live in one test JVM; PostgreSQL allows 100 connections in all.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "10");
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        // A bank lane that answers late: payouts not answered within seconds turn OVERDUE (PayoutIT).
        registry.add("ledger.payouts.answer-within", () -> "PT4S");
        // The console signs in against an issuer in this JVM (ConsoleSingleSignOnIT); nothing calls it at start.
        registry.add("ledger.console.oidc.client-id", () -> FakeIssuer.CLIENT_ID);
        registry.add("ledger.console.oidc.client-secret", () -> FakeIssuer.CLIENT_SECRET);
        registry.add("ledger.console.oidc.issuer-uri", () -> FakeIssuer.get().uri());
        registry.add("ledger.console.oidc.authorization-uri", () -> FakeIssuer.get().uri() + "/authorize");
        registry.add("ledger.console.oidc.token-uri", () -> FakeIssuer.get().uri() + "/token");
        registry.add("ledger.console.oidc.jwk-set-uri", () -> FakeIssuer.get().uri() + "/jwks");
    }

    @BeforeEach
    void connect() {
        http = new Http(port);
    }

    /** A name no other test uses, so tests stay independent on the shared database. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected Http.Response open(String token, String accountId, String owner, String currency, String type) {
        String ownerField = owner == null ? "" : "\"ownerId\":\"" + owner + "\",";
        return http.post("/v1/accounts", token,
                "{\"accountId\":\"" + accountId + "\"," + ownerField + "\"currency\":\"" + currency + "\",\"type\":\"" + type + "\"}");
    }

    protected String openWallet(String owner, String currency) {
        String id = unique(owner);
        Http.Response response = open(Tokens.token(owner, "wallet"), id, null, currency, "WALLET");
        assertEquals(201, response.status(), response.body().toString());
        return id;
    }

    protected String openSystem(String currency) {
        String id = unique("bank-" + currency.toLowerCase());
        Http.Response response = open(ADMIN, id, "bank", currency, "SYSTEM");
        assertEquals(201, response.status(), response.body().toString());
        return id;
    }

    protected Http.Response pay(String token, String key, String debtor, String creditor, String amount, String currency) {
        return http.post("/v1/payments", token, paymentBody(debtor, creditor, amount, currency),
                Map.of("Idempotency-Key", key, "Prefer", "wait=10"));
    }

    protected static String paymentBody(String debtor, String creditor, String amount, String currency) {
        return "{\"debtorAccount\":\"" + debtor + "\",\"creditorAccount\":\"" + creditor + "\",\"amount\":\"" + amount
                + "\",\"currency\":\"" + currency + "\"}";
    }

    /**
     * Sends the payments at once, sixteen at a time, each waiting for its outcome; counts those settled. Every other
     * one must have been refused for a limit: the races the limit tests run.
     */
    protected static int settledOfConcurrent(List<Callable<Http.Response>> payments) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            int settled = 0;
            for (Future<Http.Response> each : pool.invokeAll(payments)) {
                Http.Response response = each.get();
                assertEquals(201, response.status(), response.body().toString());
                if ("SETTLED".equals(response.text("status"))) {
                    settled++;
                } else {
                    assertEquals("LIMIT_EXCEEDED", response.text("rejectionReason"), response.body().toString());
                }
            }
            return settled;
        } finally {
            pool.shutdown();
        }
    }

    /** Funds a wallet from a system account and waits until it settled. */
    protected void fund(String system, String wallet, String amount, String currency) {
        Http.Response response = pay(ADMIN, unique("fund"), system, wallet, amount, currency);
        assertEquals(201, response.status(), response.body().toString());
        assertEquals("SETTLED", response.text("status"));
    }

    protected Http.Response account(String accountId) {
        return http.get("/v1/accounts/" + accountId, BACKOFFICE);
    }

    protected String balance(String accountId, String which) {
        return account(accountId).body().get("balances").get(which).asString();
    }

    /** Waits until the account shows these balances: posted, pending debits, pending credits, available. */
    protected void assertBalances(String account, String posted, String pendingDebits, String pendingCredits, String available) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var balances = account(account).body().get("balances");
            assertEquals(List.of(posted, pendingDebits, pendingCredits, available),
                    List.of(balances.get("posted").asString(), balances.get("pendingDebits").asString(),
                            balances.get("pendingCredits").asString(), balances.get("available").asString()), account);
        });
    }

    /** The account's statement lines for one payment or payout: "DIRECTION AMOUNT STATE". */
    protected List<String> entries(String account, String paymentId) {
        List<String> lines = new ArrayList<>();
        http.get("/v1/accounts/" + account + "/entries?limit=200", BACKOFFICE).body().get("items").forEach(entry -> {
            if (entry.get("paymentId").asString().equals(paymentId)) {
                lines.add(entry.get("direction").asString() + " " + entry.get("amount").asString() + " " + entry.get("state").asString());
            }
        });
        return lines;
    }
}
