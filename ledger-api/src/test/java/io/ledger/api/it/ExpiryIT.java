package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import io.ledger.messages.account.CheckCreditCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A payment that cannot settle before its deadline ends EXPIRED with nothing posted. The creditor is
 * made slow: checking a credit on an account whose id starts with "slow-" takes longer than the
 * (shortened) settlement deadline, so the saga finds it passed before it debits anything.
 */
@DirtiesContext
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.payments.settlement-timeout=PT1S"})
class ExpiryIT {

    private static final String DATABASE = TestDatabase.create("expiry");
    private static final Duration SLOW = Duration.ofSeconds(4);

    @LocalServerPort
    int port;

    @Autowired
    CommandBus commandBus;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        LedgerIT.testApplication(registry, DATABASE);
    }

    @BeforeEach
    void slowCreditor() {
        MessageHandlerInterceptor<CommandMessage<?>> slow = (unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof CheckCreditCommand command
                    && command.accountId().startsWith("slow-")) {
                Thread.sleep(SLOW.toMillis());
            }
            return chain.proceed();
        };
        commandBus.registerHandlerInterceptor(slow);
    }

    @Test
    void unsettledPaymentExpiresWithNothingPosted() {
        Http http = new Http(port);
        String admin = Tokens.token("ops", "admin");
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"bank-x\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"slow-shop\",\"ownerId\":\"shop\",\"currency\":\"USD\",\"type\":\"MERCHANT\"}").status());

        Http.Response accepted = http.post("/v1/payments", admin,
                "{\"debtorAccount\":\"bank-x\",\"creditorAccount\":\"slow-shop\",\"amount\":\"12.00\",\"currency\":\"USD\"}",
                Map.of("Idempotency-Key", "expire-me"));
        assertEquals(202, accepted.status());
        String location = accepted.header("Location");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals("EXPIRED", http.get(location, admin).text("status")));
        // A waited answer also waits until the balances cover the payment's events (docs/api.md).
        assertEquals("EXPIRED", http.get(location, admin, Map.of("Prefer", "wait=10")).text("status"));
        for (String account : new String[] {"slow-shop", "bank-x"}) {
            assertEquals("0.00", http.get("/v1/accounts/" + account, admin).body().get("balances").get("posted").asString());
            assertEquals(0, http.get("/v1/accounts/" + account + "/entries", admin).body().get("items").size(),
                    "nothing was debited or credited on " + account);
        }
    }
}
