package io.ledger.api.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Only Axon's warning about aggregates loaded in an event's unit of work is dropped; its failures are kept. */
class ExpectedWarningsTest {

    private final ExpectedWarnings.ExpectedLoad filter = new ExpectedWarnings.ExpectedLoad();
    private final LoggerContext context = new LoggerContext();
    private final Logger axon = context.getLogger(ExpectedWarnings.LOGGER);

    private FilterReply decide(Logger logger, Level level, String format) {
        return filter.decide(null, logger, level, format, new Object[0], null);
    }

    @Test
    void dropsTheExpectedWarningAndNothingElse() {
        String expected = "The active Unit of Work is expected to contain a CommandMessage or a DeadlineMessage, "
                + "but instead contains a [{}]";
        assertEquals(FilterReply.DENY, decide(axon, Level.WARN, expected));
        assertEquals(FilterReply.NEUTRAL, decide(axon, Level.WARN,
                "Exception occurred while trying to load/create aggregate with identifier [{}]."));
        assertEquals(FilterReply.NEUTRAL, decide(axon, Level.ERROR, expected));
        assertEquals(FilterReply.NEUTRAL, decide(context.getLogger("io.ledger.Other"), Level.WARN, expected));
    }
}
