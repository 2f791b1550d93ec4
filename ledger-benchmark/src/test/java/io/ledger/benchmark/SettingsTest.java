package io.ledger.benchmark;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** bench.rate: payments per second, or a share of the uniform rate the same run measured; bench.scenarios checked. */
class SettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("bench.rate");
        System.clearProperty("bench.scenarios");
        System.clearProperty("bench.batchWarmupRounds");
        System.clearProperty("bench.warmJitPercent");
    }

    @Test
    void theBatchLaneWarmsUpInRoundsUntilItsJitIsQuiet() {
        Settings defaults = Settings.fromSystemProperties();
        assertEquals(10_000, defaults.batchWarmupPayments());
        assertEquals(10, defaults.batchWarmupRounds());
        assertEquals(15.0, defaults.warmJitPercent());
        System.setProperty("bench.batchWarmupRounds", "3");
        System.setProperty("bench.warmJitPercent", "7.5");
        Settings set = Settings.fromSystemProperties();
        assertEquals(3, set.batchWarmupRounds());
        assertEquals(7.5, set.warmJitPercent());
    }

    @Test
    void aRateIsOfferedAsItIs() {
        System.setProperty("bench.rate", "150");
        Settings settings = Settings.fromSystemProperties();
        assertEquals(150.0, settings.offered(-1));
        assertEquals(150.0, settings.offered(400));
    }

    @Test
    void aShareIsOfTheUniformRateMeasured() {
        System.setProperty("bench.rate", "80%");
        System.setProperty("bench.scenarios", "uniform,open");
        Settings settings = Settings.fromSystemProperties();
        settings.validate();
        assertEquals(160.0, settings.offered(200), 1e-9);
        assertThrows(IllegalStateException.class, () -> settings.offered(-1));
    }

    @Test
    void aShareWithoutAUniformScenarioBeforeItIsRefusedBeforeAnythingRuns() {
        System.setProperty("bench.rate", "80%");
        System.setProperty("bench.scenarios", "open,uniform");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Settings.fromSystemProperties().validate());
        assertEquals("bench.rate=80% offers a share of the uniform rate: put uniform before open", refused.getMessage());
    }

    @Test
    void anUnknownScenarioIsRefusedBeforeAnythingRuns() {
        System.setProperty("bench.scenarios", "uniform,nonsense");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Settings.fromSystemProperties().validate());
        assertEquals("bench.scenarios: no scenario nonsense (known: uniform, hot, open, mixed, waited, batch, limits, "
                + "rules, owner-limits)", refused.getMessage());
    }
}
