package io.ledger.benchmark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the cost model reads from /proc: a stat line's CPU ticks, and which of a JVM's threads compile. */
class CostModelTest {

    @Test
    void ticksAreUserPlusSystemAfterTheParenthesizedName() {
        // A name with a space and a parenthesis in it, as a thread's may have: the fields count from the last ')'.
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 1 0 0 0 120 30 0 0 20 0 1 0 5 0 0";

        assertEquals(150, CostModel.ticks(stat));
        assertEquals(7, CostModel.ticks("7 (a) b)) R 1 1 1 0 -1 0 0 0 0 0 4 3 0 0 20 0 1 0 5 0 0"));
    }

    @Test
    void thisJvmsJitCompilerThreadsAreFound() throws IOException {
        try (Stream<Path> listed = Files.list(Path.of("/proc/self/task"))) {
            List<Path> threads = listed.toList();
            List<Path> compilers = threads.stream().filter(CostModel::isCompilerThread).toList();

            assertFalse(compilers.isEmpty(), "a JVM has its JIT compiler threads");
            assertTrue(compilers.size() < threads.size(), "the test's own thread is not a compiler");
        }
    }
}
