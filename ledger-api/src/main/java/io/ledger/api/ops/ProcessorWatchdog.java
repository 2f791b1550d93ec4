package io.ledger.api.ops;

import io.ledger.query.support.ProcessorTokens;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Restarts an event processor that has stopped working while its segments lie unclaimed. Seen after a
 * PostgreSQL restart under load: a processor's last worker can end while releasing its claim, and
 * nothing relaunches it, so payments would wait for a manual restart. Three checks in a row (about 30 s)
 * with unclaimed segments and none held here trigger a restart; a standby instance whose partner holds
 * the segments is left alone, since those segments are claimed.
 */
@Component
class ProcessorWatchdog {

    private static final Logger log = LoggerFactory.getLogger(ProcessorWatchdog.class);
    private static final int STRIKES = 3;

    private final EventProcessingConfiguration processing;
    private final ProcessorTokens tokens;
    private final Map<String, Integer> strikes = new HashMap<>();

    ProcessorWatchdog(EventProcessingConfiguration processing, ProcessorTokens tokens) {
        this.processing = processing;
        this.tokens = tokens;
    }

    @Scheduled(fixedDelayString = "${ledger.ops.watchdog-every}", initialDelayString = "PT30S")
    void check() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (!(processor instanceof StreamingEventProcessor streaming) || !streaming.isRunning()) {
                return;
            }
            Long unclaimed;
            try {
                unclaimed = tokens.unclaimed(name);
            } catch (RuntimeException databaseDown) {
                return;
            }
            boolean idle = streaming.processingStatus().isEmpty() && unclaimed != null && unclaimed > 0;
            int count = idle ? strikes.merge(name, 1, Integer::sum) : 0;
            if (!idle) {
                strikes.remove(name);
            }
            if (count >= STRIKES) {
                log.warn("Processor {} holds no segment while {} lie unclaimed; restarting it", name, unclaimed);
                strikes.remove(name);
                streaming.shutDown();
                streaming.start();
            }
        });
    }
}
