package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One noisy caller gets 429 with Retry-After; others are untouched; oversized bodies get 413. */
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitIT {

    private static final String DATABASE = TestDatabase.create("ratelimit");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
        registry.add("ledger.rate-limit.enabled", () -> "true");
        registry.add("ledger.rate-limit.scopes.wallet.capacity", () -> "5");
        registry.add("ledger.rate-limit.scopes.wallet.per-second", () -> "1");
        registry.add("ledger.rate-limit.max-body-bytes", () -> "4096");
    }

    @Test
    void aNoisyCallerIsSlowedDownAlone(CapturedOutput output) {
        Http http = new Http(port);
        String noisy = Tokens.token("noisy", "wallet");
        int limited = 0;
        Http.Response last = null;
        for (int i = 0; i < 12; i++) {
            Http.Response response = http.get("/v1/accounts", noisy);
            if (response.status() == 429) {
                limited++;
                last = response;
            }
        }
        assertTrue(limited >= 5, "a burst beyond the bucket is refused, got " + limited + " refusals");
        assertEquals("RATE_LIMITED", last.code());
        assertTrue(Integer.parseInt(last.header("Retry-After")) >= 1);
        assertEquals(200, http.get("/v1/accounts", Tokens.token("quiet", "wallet")).status(),
                "another caller is not affected");
        long hits = SecurityEventsIT.securityEvents(output).stream()
                .filter(event -> "rate-limit".equals(SecurityEventsIT.field(event, "event.action"))
                        && "noisy".equals(SecurityEventsIT.field(event, "user.id"))
                        && "failure".equals(SecurityEventsIT.field(event, "event.outcome")))
                .count();
        assertEquals(limited, hits, "every rate-limit hit is a security event");
    }

    @Test
    void oversizedBodiesAreRefused() {
        Http http = new Http(port);
        String big = "{\"currency\":\"USD\",\"type\":\"WALLET\",\"ownerId\":\"" + "x".repeat(10_000) + "\"}";
        Http.Response response = http.post("/v1/accounts", Tokens.token("big", "admin"), big, Map.of());
        assertEquals(413, response.status(), response.body().toString());
        assertEquals("PAYLOAD_TOO_LARGE", response.code());
    }
}
