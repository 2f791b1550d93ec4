package io.ledger.api.it;

import io.ledger.api.LedgerApplication;
import io.ledger.messages.account.ReserveCreditCommand;
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
 * A payment that cannot settle before its deadline releases its holds and ends EXPIRED. The
 * creditor's bank is made slow: reserving a credit on an account whose id starts with "slow-" takes
 * longer than the (shortened) settlement deadline, so the saga finds it passed once the credit is held.
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
            if (unitOfWork.getMessage().getPayload() instanceof ReserveCreditCommand command
                    && command.accountId().startsWith("slow-")) {
                Thread.sleep(SLOW.toMillis());
            }
            return chain.proceed();
        };
        commandBus.registerHandlerInterceptor(slow);
    }

    @Test
    void unsettledPaymentExpiresAndReleasesItsHolds() {
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
        Http.Response shop = http.get("/v1/accounts/slow-shop", admin);
        Http.Response bank = http.get("/v1/accounts/bank-x", admin);
        await().untilAsserted(() -> assertEquals("0.00",
                http.get("/v1/accounts/slow-shop", admin).body().get("balances").get("pendingCredits").asString()));
        assertEquals("0.00", shop.body().get("balances").get("posted").asString());
        assertEquals("0.00", bank.body().get("balances").get("posted").asString());
        assertEquals("0.00", http.get("/v1/accounts/bank-x", admin).body().get("balances").get("pendingDebits").asString());
    }
}
