package io.ledger.benchmark;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.uniformRandomSwitch;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The four scenarios of docs/performance.md over HTTP with real tokens and Idempotency-Keys. Which one
 * runs, and its size, come from system properties set by {@link Benchmark}:
 * <ul>
 *   <li>{@code uniform}: closed model, {@code bench.users} wallets paying random wallets back to back;</li>
 *   <li>{@code hot}: the same, but 90% of payments credit one merchant account;</li>
 *   <li>{@code waited}: as uniform, but each payment is one POST that waits for its outcome ({@code Prefer: wait},
 *   expects 201 and SETTLED): what the second request of every other scenario costs;</li>
 *   <li>{@code open}: open model, {@code bench.rate} payments per second arriving at random;</li>
 *   <li>{@code mixed}: payments at {@code bench.rate}/s plus balance and statement reads at five times that.</li>
 * </ul>
 * Each payment is a POST (expects 202) and then a GET that waits for the outcome ({@code Prefer: wait}),
 * which must be SETTLED: anything else is an error of its kind. The load runs {@code bench.warmupSeconds}
 * longer than {@code bench.seconds}; the figures are of the payments sent after that warm-up.
 */
public class LedgerSimulation extends Simulation {

    private static final String SCENARIO = System.getProperty("bench.scenario", "uniform");
    /** One or more instances (comma-separated): each virtual user is given one of them in turn. */
    private static final String[] BASE_URLS = System.getProperty("bench.baseUrl", "http://127.0.0.1:18080").split(",");
    private static final int WALLETS = Integer.getInteger("bench.wallets", 10_000);
    private static final int USERS = Integer.getInteger("bench.users", 64);
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "200"));
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 0));
    /** Load runs for the warm-up and then the measured time; the figures cover only the latter. */
    private static final Duration DURATION = WARMUP.plusSeconds(Long.getLong("bench.seconds", 60));
    private static final int WAIT_SECONDS = 30;
    private static final Path RESULT = Path.of(System.getProperty("bench.result", "target/benchmark/result.properties"));

    private final Results results = new Results(WARMUP);
    private final String[] tokens = new String[WALLETS];

    public LedgerSimulation() {
        Fixture fixture = new Fixture(System.getProperty("bench.jwtSecret"));
        for (int i = 0; i < WALLETS; i++) {
            tokens[i] = fixture.token(Fixture.owner(i), "wallet");
        }
        HttpProtocolBuilder protocol = http.baseUrls(BASE_URLS)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                // Like an API gateway in front of the ledger: pooled keep-alive connections, not one per user.
                .shareConnections();
        setUp(populations()).protocols(protocol);
    }

    private List<PopulationBuilder> populations() {
        return switch (SCENARIO) {
            case "uniform" -> List.of(payments("uniform", false)
                    .injectClosed(constantConcurrentUsers(USERS).during(DURATION)));
            case "hot" -> List.of(payments("hot", true)
                    .injectClosed(constantConcurrentUsers(USERS).during(DURATION)));
            case "waited" -> List.of(waitedPayments()
                    .injectClosed(constantConcurrentUsers(USERS).during(DURATION)));
            case "open" -> List.of(payments("open", false)
                    .injectOpen(constantUsersPerSec(RATE).during(DURATION).randomized()));
            case "mixed" -> List.of(
                    payments("mixed", false).injectOpen(constantUsersPerSec(RATE).during(DURATION).randomized()),
                    reads().injectOpen(constantUsersPerSec(RATE * 5).during(DURATION).randomized()));
            default -> throw new IllegalArgumentException("unknown bench.scenario " + SCENARIO);
        };
    }

    private ScenarioBuilder payments(String name, boolean hotCreditor) {
        ChainBuilder pay = exec(session -> choosePayment(session, hotCreditor))
                .exec(paymentPost()
                        .check(status().saveAs("postStatus"), bodyString().saveAs("postBody"),
                                status().is(202), jsonPath("$.paymentId").saveAs("paymentId")))
                .exec(this::afterPost)
                .exitHereIfFailed()
                .exec(http("GET /v1/payments/{id} (wait)").get("/v1/payments/#{paymentId}")
                        .header("Authorization", "Bearer #{token}")
                        .header("Prefer", "wait=" + WAIT_SECONDS)
                        .check(status().saveAs("getStatus"), jsonPath("$.status").saveAs("outcome"),
                                status().is(200), jsonPath("$.status").is("SETTLED")))
                .exec(this::afterOutcome);
        return scenario(name).exec(pay);
    }

    /** A payment in one request: the POST waits for the outcome and answers 201 with it. */
    private ScenarioBuilder waitedPayments() {
        ChainBuilder pay = exec(session -> choosePayment(session, false))
                .exec(paymentPost().header("Prefer", "wait=" + WAIT_SECONDS)
                        .check(status().saveAs("postStatus"), bodyString().saveAs("postBody"),
                                jsonPath("$.status").saveAs("outcome"), status().is(201),
                                jsonPath("$.status").is("SETTLED")))
                .exec(session -> {
                    if (!session.isFailed()) {
                        return afterOutcome(afterPost(session));
                    }
                    if (session.contains("outcome") && session.getInt("postStatus") == 201) {
                        results.error("ended " + session.getString("outcome"));
                        return session;
                    }
                    return afterPost(session);
                });
        return scenario("waited").exec(pay);
    }

    private HttpRequestActionBuilder paymentPost() {
        return http("POST /v1/payments").post("/v1/payments")
                .header("Authorization", "Bearer #{token}")
                .header("Idempotency-Key", "#{key}")
                .body(StringBody("{\"debtorAccount\":\"#{debtor}\",\"creditorAccount\":\"#{creditor}\","
                        + "\"amount\":\"#{amount}\",\"currency\":\"" + Fixture.CURRENCY + "\"}"));
    }

    private ScenarioBuilder reads() {
        ChainBuilder pickWallet = exec(session -> {
            int index = ThreadLocalRandom.current().nextInt(WALLETS);
            return session.set("token", tokens[index]).set("account", Fixture.wallet(index))
                    .set("readStart", System.nanoTime());
        });
        return scenario("reads").exec(pickWallet).exec(uniformRandomSwitch().on(
                        http("GET /v1/accounts/{id}").get("/v1/accounts/#{account}")
                                .header("Authorization", "Bearer #{token}").check(status().is(200)),
                        http("GET /v1/accounts/{id}/entries").get("/v1/accounts/#{account}/entries?limit=20")
                                .header("Authorization", "Bearer #{token}").check(status().is(200))))
                .exec(session -> {
                    if (session.isFailed()) {
                        results.error("read failed");
                    } else {
                        long started = session.getLong("readStart");
                        results.read(started, System.nanoTime() - started);
                    }
                    return session;
                });
    }

    private Session choosePayment(Session session, boolean hotCreditor) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int debtor = random.nextInt(WALLETS);
        String creditor;
        if (hotCreditor && random.nextInt(10) < 9) {
            creditor = Fixture.MERCHANT;
        } else {
            creditor = Fixture.wallet((debtor + 1 + random.nextInt(WALLETS - 1)) % WALLETS);
        }
        long now = System.nanoTime();
        results.started(now);
        return session.set("debtor", Fixture.wallet(debtor)).set("creditor", creditor)
                .set("token", tokens[debtor]).set("key", UUID.randomUUID().toString())
                .set("amount", Fixture.amount(1 + random.nextInt(500))).set("sent", now);
    }

    private Session afterPost(Session session) {
        long sent = session.getLong("sent");
        if (!session.isFailed()) {
            results.accepted(sent, System.nanoTime() - sent);
            return session;
        }
        if (!session.contains("postStatus")) {
            results.error("POST: no response");
        } else {
            results.error("POST " + session.getInt("postStatus") + " " + problemCode(session.getString("postBody")));
        }
        return session;
    }

    private Session afterOutcome(Session session) {
        if (!session.isFailed()) {
            long sent = session.getLong("sent");
            results.settled(sent, System.nanoTime() - sent);
        } else if (!session.contains("getStatus")) {
            results.error("GET: no response");
        } else if (session.contains("outcome")) {
            results.error("ended " + session.getString("outcome"));
        } else {
            results.error("GET " + session.getInt("getStatus"));
        }
        return session;
    }

    private static String problemCode(String body) {
        if (body == null) {
            return "";
        }
        int at = body.indexOf("\"code\":\"");
        if (at < 0) {
            return "";
        }
        int start = at + 8;
        int end = body.indexOf('"', start);
        return end < 0 ? "" : body.substring(start, end);
    }

    @Override
    public void after() {
        try {
            results.write(RESULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
