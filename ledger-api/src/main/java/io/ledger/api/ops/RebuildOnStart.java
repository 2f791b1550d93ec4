package io.ledger.api.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * {@code java -jar ledger.jar rebuild-read-models}: starts the ledger without its web server,
 * rebuilds every read model from the event store, reports progress, and exits when they caught up.
 * Stop the service first: a running instance holds the projections' token claims.
 */
@Component
@ConditionalOnProperty(name = "ledger.rebuild.run", havingValue = "true")
class RebuildOnStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RebuildOnStart.class);

    private final ReadModels readModels;

    RebuildOnStart(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        // Let the processors finish starting (every segment claimed) before stopping them for the reset;
        // stopping one mid-start can leave a segment unclaimed.
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until && !readModels.progress().values().stream()
                .allMatch(p -> p.get("segmentsHeld").equals(p.get("segmentsTotal")))) {
            Thread.sleep(500);
        }
        readModels.rebuild(List.copyOf(ReadModels.PROJECTIONS));
        Thread.sleep(500);
        while (true) {
            Map<String, Map<String, Object>> progress = readModels.progress();
            log.info("Rebuilding read models: {}", progress);
            // "replaying" stays true until an event past the reset point arrives; what counts is that this
            // instance holds every segment and each has reached the head.
            boolean done = progress.values().stream().allMatch(p -> (Boolean) p.get("caughtUp"));
            if (done) {
                log.info("Read models rebuilt");
                return;
            }
            Thread.sleep(2000);
        }
    }
}
