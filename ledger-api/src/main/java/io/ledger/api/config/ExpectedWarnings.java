package io.ledger.api.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Drops the one warning that this design makes on purpose, and only it: Axon's "The active Unit of Work is
 * expected to contain a CommandMessage or a DeadlineMessage", logged for every aggregate loaded in a unit of
 * work that holds an event. AccountLocks loads each settlement batch's accounts in the saga's event unit of work
 * by design (ADR 0018): two lines a payment, each a JSON line to format and write (docs/performance.md, session
 * 12). Every other message of that logger (failures to load or create an aggregate) is kept.
 */
@Component
class ExpectedWarnings implements ApplicationListener<ApplicationStartedEvent> {

    static final String LOGGER = "org.axonframework.modelling.command.AbstractRepository";
    static final String MESSAGE = "The active Unit of Work is expected to contain a CommandMessage";

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(ExpectedLoad.class::isInstance)) {
            context.addTurboFilter(new ExpectedLoad());
        }
    }

    static final class ExpectedLoad extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable t) {
            return level == Level.WARN && format != null && format.startsWith(MESSAGE) && LOGGER.equals(logger.getName())
                    ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
