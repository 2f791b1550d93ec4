package io.ledger.api.it;

import io.ledger.api.audit.AuditSigningKey;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The built jar run as a separate process, as an operator would run it, for the crash and cluster tests. */
final class ServiceProcess {

    static final Path JAR = Path.of("target", "ledger.jar");

    private ServiceProcess() {
    }

    /** A process builder for {@code java -jar ledger.jar args...} configured for the test database. */
    static ProcessBuilder command(String database, Path home, String log, String... args) {
        String[] line = new String[4 + args.length];
        line[0] = "java";
        line[1] = "-Xmx512m";
        line[2] = "-jar";
        line[3] = JAR.toString();
        System.arraycopy(args, 0, line, 4, args.length);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(home.resolve(log).toFile());
        Map<String, String> env = builder.environment();
        env.put("LEDGER_DB_URL", database);
        env.put("LEDGER_DB_USER", TestDatabase.USER);
        env.put("LEDGER_DB_PASSWORD", TestDatabase.PASSWORD);
        env.put("LEDGER_JWT_PUBLIC_KEY", Tokens.PUBLIC_KEY_PEM.toString());
        env.put("LEDGER_JWT_ISSUER", Tokens.ISSUER);
        env.put("LEDGER_JWT_AUDIENCE", Tokens.AUDIENCE);
        env.put("LEDGER_HOME", home.toString());
        // Production settings: nothing falls back to a development default (Development).
        env.put("LEDGER_AUDIT_SIGNING_KEY", auditKey(home).toString());
        // A payment's deadline counts from its initiation (ADR 0008); a processor handover after a kill
        // takes longer than 10 s, and these tests are about handover, not expiry (ExpiryIT is).
        env.put("LEDGER_SETTLEMENT_TIMEOUT", "PT60S");
        env.put("LEDGER_RATE_LIMIT_ENABLED", "false");
        return builder;
    }

    /** An audit-signing key of the test's own, made once per home. */
    static Path auditKey(Path home) {
        Path file = home.resolve("audit-key.pem");
        AuditSigningKey.load(file, true);
        return file.toAbsolutePath();
    }

    /** Starts the service on a port and waits until it answers. */
    static Process start(String database, Path home, int port, String log) throws IOException {
        return start(database, home, port, log, Map.of());
    }

    /** Starts the service with settings of the test's own (environment variables, as an operator sets them). */
    static Process start(String database, Path home, int port, String log, Map<String, String> settings)
            throws IOException {
        ProcessBuilder builder = command(database, home, log, "--server.port=" + port);
        builder.environment().putAll(settings);
        Process process = builder.start();
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> assertEquals(200, http.get("/v1/accounts", Tokens.token("ops", "admin")).status()));
        return process;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
