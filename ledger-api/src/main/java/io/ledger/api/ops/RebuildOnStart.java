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
        readModels.rebuild(List.copyOf(ReadModels.PROJECTIONS));
        Thread.sleep(500);
        while (true) {
            Map<String, Map<String, Object>> progress = readModels.progress();
            log.info("Rebuilding read models: {}", progress);
            // "replaying" stays true until an event past the reset point arrives; caught up is what counts.
            boolean done = progress.values().stream().allMatch(p -> ((Long) p.get("remaining")) == 0L);
            if (done) {
                log.info("Read models rebuilt");
                return;
            }
            Thread.sleep(2000);
        }
    }
}
