package io.ledger.benchmark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the cost model reads from /proc: a stat line's CPU ticks, and what a JVM's threads do by their names. */
class CostModelTest {

    @Test
    void ticksAreUserPlusSystemAfterTheParenthesizedName() {
        // A name with a space and a parenthesis in it, as a thread's may have: the fields count from the last ')'.
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 1 0 0 0 120 30 0 0 20 0 1 0 5 0 0";

        assertEquals(150, CostModel.ticks(stat));
        assertEquals(7, CostModel.ticks("7 (a) b)) R 1 1 1 0 -1 0 0 0 0 0 4 3 0 0 20 0 1 0 5 0 0"));
    }

    @Test
    void theMachineIsBusyForAllButIdleAndIoWait() {
        // user nice system idle iowait irq softirq steal guest guest_nice: guest is counted in user already.
        CostModel.MachineTicks before = CostModel.MachineTicks.of("cpu  100 0 50 800 50 0 0 0 7 0\ncpu0 1 2 3 4\n");
        CostModel.MachineTicks after = CostModel.MachineTicks.of("cpu  250 10 90 1000 100 5 5 0 9 0\n");

        assertEquals(150, before.busy());
        assertEquals(1000, before.total());
        // 210 busy of 460 ticks: 150 user, 10 nice, 40 system, 5 irq, 5 softirq; 200 idle and 50 waiting for I/O.
        assertEquals(100.0 * 210 / 460, after.busyPercentSince(before), 1e-9);
        assertEquals(0, before.busyPercentSince(before), "nothing elapsed, nothing busy");
    }

    @Test
    void thisMachinesCpuIsRead() {
        CostModel.MachineTicks now = CostModel.MachineTicks.now();

        assertTrue(now.total() > 0 && now.busy() > 0 && now.busy() < now.total(), now.toString());
    }

    @Test
    void thisJvmsJitCompilerThreadsAreFound() throws IOException {
        try (Stream<Path> listed = Files.list(Path.of("/proc/self/task"))) {
            List<Path> threads = listed.toList();
            List<Path> compilers = threads.stream().filter(t -> CostModel.workOf(t) == CostModel.Work.JIT).toList();

            assertFalse(compilers.isEmpty(), "a JVM has its JIT compiler threads");
            assertTrue(compilers.size() < threads.size(), "the test's own thread is not a compiler");
        }
        long self = ProcessHandle.current().pid();
        assertTrue(CostModel.threads(self).values().stream().anyMatch(t -> t.work() == CostModel.Work.JIT),
                "read by thread id from the process's tasks");
    }

    @Test
    void threadsAreToldApartByTheirNamesAsTheKernelKeepsThem() {
        assertEquals(CostModel.Work.HTTP, CostModel.Work.of("http-nio-18080-\n"));
        assertEquals(CostModel.Work.PROCESSORS, CostModel.Work.of("EventProcessor["));
        assertEquals(CostModel.Work.EVENT_READER, CostModel.Work.of("EmbeddedEventSt"));
        assertEquals(CostModel.Work.JIT, CostModel.Work.of("C1 CompilerThre"));
        assertNull(CostModel.Work.of("GC Thread#0"));
        assertNull(CostModel.Work.of("HikariPool-1:co"));
    }

    @Test
    void eachWorkIsChargedWhatItsLivingThreadsSpentAndTheRestIsOther() {
        CostModel.Reading before = reading(1000, Map.of(
                1L, new CostModel.ThreadCpu(CostModel.Work.HTTP, 300),
                2L, new CostModel.ThreadCpu(CostModel.Work.HTTP, 500), // ends before the second reading
                3L, new CostModel.ThreadCpu(CostModel.Work.JIT, 100)));
        CostModel.Reading after = reading(1600, Map.of(
                1L, new CostModel.ThreadCpu(CostModel.Work.HTTP, 450),
                3L, new CostModel.ThreadCpu(CostModel.Work.JIT, 180),
                4L, new CostModel.ThreadCpu(CostModel.Work.PROCESSORS, 200))); // started in between
        CostModel.Reading reused = reading(1600, Map.of(
                2L, new CostModel.ThreadCpu(CostModel.Work.HTTP, 40))); // ended, and its id given to a new thread

        Map<CostModel.Work, Long> spent = CostModel.spent(before, after);
        assertEquals(Map.of(CostModel.Work.HTTP, 150L, CostModel.Work.JIT, 80L, CostModel.Work.PROCESSORS, 200L), spent);
        assertEquals(Map.of(CostModel.Work.HTTP, 40L), CostModel.spent(before, reused), "never negative");
        // 600 ticks (6 s) over 1,000 payments: 6 ms each, 4.3 of them named, 1.7 other (the ended thread's among it)
        assertEquals("http 1.50, processors 2.00, event reader 0.00, JIT 0.80, other 1.70 ms",
                CostModel.byThread(spent, 600, 1000));
    }

    @Test
    void theJitsShareIsOfTheServicesCpuBetweenTwoReadings() {
        CostModel.Reading before = reading(1000, Map.of(3L, new CostModel.ThreadCpu(CostModel.Work.JIT, 100)));
        CostModel.Reading after = reading(1400, Map.of(3L, new CostModel.ThreadCpu(CostModel.Work.JIT, 160),
                4L, new CostModel.ThreadCpu(CostModel.Work.PROCESSORS, 200)));
        assertEquals(15.0, CostModel.jitPercent(before, after), 1e-9, "60 of 400 ticks");
        assertEquals(0.0, CostModel.jitPercent(after, after), "no CPU spent: nothing compiled either");
    }

    private static CostModel.Reading reading(long serviceTicks, Map<Long, CostModel.ThreadCpu> threads) {
        return new CostModel.Reading(serviceTicks, threads, 0, "0/0", 0, 0, 0);
    }
}
