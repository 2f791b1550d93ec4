package io.ledger.api.dispatch;

import io.ledger.messages.common.ErrorCode;
import io.ledger.messages.common.LedgerException;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which failures a lane's command is sent again for: a collision, at most twice; never a refusal. */
class CommandDispatchTest {

    record Probe(String id) {
    }

    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final AtomicInteger attempts = new AtomicInteger();
    private CommandDispatch dispatch;

    @AfterEach
    void stop() {
        dispatch.destroy();
    }

    @Test
    void aCollisionIsSentAgainAndTheSecondAttemptAnswers() {
        handle(attempt -> {
            if (attempt == 1) {
                throw new ConcurrencyException("another instance appended first");
            }
            return "settled on attempt " + attempt;
        });
        assertEquals("settled on attempt 2", dispatch.send(new Probe("p-1"), MetaData.emptyInstance()));
        assertEquals(2, attempts.get());
    }

    @Test
    void aCollisionEveryTimeIsAnsweredAfterThreeAttempts() {
        handle(attempt -> {
            throw new ConcurrencyException("collided on attempt " + attempt);
        });
        ConcurrencyException failure = assertThrows(ConcurrencyException.class,
                () -> dispatch.send(new Probe("p-2"), MetaData.emptyInstance()));
        assertEquals("collided on attempt 3", failure.getMessage());
        assertEquals(1 + CommandDispatch.RETRIES, attempts.get());
    }

    @Test
    void aRefusalIsTheAnswerAndIsNotSentAgain() {
        handle(attempt -> {
            throw new LedgerException(ErrorCode.INSUFFICIENT_FUNDS, "refused on attempt " + attempt);
        });
        LedgerException refusal = assertThrows(LedgerException.class,
                () -> dispatch.send(new Probe("p-3"), MetaData.emptyInstance()));
        assertEquals(ErrorCode.INSUFFICIENT_FUNDS, refusal.code());
        assertEquals(1, attempts.get());
    }

    @Test
    void aRefusalCausedByACollisionIsNotSentAgain() {
        handle(attempt -> {
            throw new IllegalStateException("refused on attempt " + attempt, new ConcurrencyException("inner"));
        });
        assertThrows(IllegalStateException.class, () -> dispatch.send(new Probe("p-4"), MetaData.emptyInstance()));
        assertEquals(1, attempts.get());
    }

    private void handle(IntFunction<Object> attempt) {
        bus.subscribe(Probe.class.getName(), command -> attempt.apply(attempts.incrementAndGet()));
        dispatch = new CommandDispatch(bus, null);
    }
}
