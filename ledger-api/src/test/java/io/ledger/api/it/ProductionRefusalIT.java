package io.ledger.api.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Outside development the jar fails closed (issue 19): without a database URL, a token key or an audit-signing
 * key, or with a shared HS256 token secret, it refuses to start, saying what is wrong, instead of falling back to
 * the development defaults. The jar-based tests (CrashIT, TwoInstancesIT) show it starting with all three set.
 */
class ProductionRefusalIT {

    @Test
    void refusesToStartOnEachDevelopmentFallback(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path home) throws Exception {
        assertTrue(ServiceProcess.JAR.toFile().exists(), "run after package: " + ServiceProcess.JAR.toAbsolutePath());
        String database = TestDatabase.create("refusal");
        try {
            assertRefused(home, database, "LEDGER_DB_URL", "no-database.log", "LEDGER_DB_URL is not set");
            assertRefused(home, database, "LEDGER_JWT_PUBLIC_KEY", "no-token-key.log",
                    "none of LEDGER_JWT_ISSUER_URI, LEDGER_JWT_JWK_SET_URI and LEDGER_JWT_PUBLIC_KEY is set");
            assertRefused(home, database, Map.of("LEDGER_JWT_SECRET", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="),
                    "shared-secret.log", "LEDGER_JWT_SECRET is set, and HS256 with a shared secret is for development only");
            assertRefused(home, database, "LEDGER_AUDIT_SIGNING_KEY", "no-audit-key.log",
                    "LEDGER_AUDIT_SIGNING_KEY is not set");
            assertTrue(Files.notExists(home.resolve("dev-jwt-secret")), "no development secret was made");
            assertTrue(Files.notExists(home.resolve("audit-signing-key.pem")), "no development audit key was made");
        } finally {
            TestDatabase.drop(database);
        }
    }

    private static void assertRefused(Path home, String database, String unset, String log, String expected)
            throws Exception {
        assertRefused(home, database, Map.of(unset, ""), log, expected);
    }

    /** Starts the jar with production settings changed as given (an empty value unsets the variable). */
    private static void assertRefused(Path home, String database, Map<String, String> changed, String log,
                                      String expected) throws Exception {
        ProcessBuilder builder = ServiceProcess.command(database, home, log, "--server.port=0");
        Map<String, String> env = builder.environment();
        changed.forEach((name, value) -> {
            if (value.isEmpty()) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        env.remove("LEDGER_DEVELOPMENT");
        env.remove("SPRING_PROFILES_ACTIVE");
        Process process = builder.start();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the service gave up starting");
        String output = Files.readString(home.resolve(log));
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Refusing to start outside development: " + expected), output);
    }
}
