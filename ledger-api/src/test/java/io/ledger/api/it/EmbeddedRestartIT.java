package io.ledger.api.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command as a new user has it: no LEDGER_DB_URL, so the service runs its embedded
 * PostgreSQL in LEDGER_HOME. It is killed (kill -9), which leaves the embedded postmaster running, and
 * started again on the same home: it must serve the same database with the same audit key, never another.
 * PostgreSQL refuses to run as root, so as root (CI) the service runs as the {@code postgres} system user.
 */
class EmbeddedRestartIT {

    private static final Pattern PORT = Pattern.compile("Using embedded PostgreSQL 15 on port (\\d+)");
    private final List<Process> processes = new ArrayList<>();
    private Path home;

    @AfterEach
    void cleanUp() throws Exception {
        for (Process process : processes) {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        if (home != null) {
            stopPostmaster();
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void afterAKillTheSameDatabaseAndAuditKeyAreServedAgain() throws Exception {
        assertTrue(ServiceProcess.JAR.toFile().exists(), "run after package: " + ServiceProcess.JAR.toAbsolutePath());
        boolean root = "root".equals(System.getProperty("user.name"));
        home = Files.createTempDirectory("ledger-embedded-");
        Path jar = Files.copy(ServiceProcess.JAR, home.resolve("ledger.jar"));
        Files.createDirectories(home.resolve("tmp"));
        if (root) {
            run("chown", "-R", "postgres:postgres", home.toString());
        }
        String admin = Tokens.token("ops", "admin");
        String compliance = Tokens.token("auditor", "compliance");

        int port = ServiceProcess.freePort();
        Process first = start(jar, port, "first.log", root);
        Http http = new Http(port);
        assertEquals(201, http.post("/v1/accounts", admin,
                "{\"accountId\":\"kept\",\"ownerId\":\"bank\",\"currency\":\"USD\",\"type\":\"SYSTEM\"}").status());
        String auditKey = http.get("/v1/audit/public-key", compliance).raw().body();
        assertEquals("embedded\n", Files.readString(home.resolve("database")), "the choice is remembered");

        // Durable, and the version the tests and the benchmark run.
        Matcher pgPort = PORT.matcher(Files.readString(home.resolve("first.log")));
        assertTrue(pgPort.find(), "the log names the embedded server's port");
        try (var connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort.group(1) + "/ledger",
                "postgres", ""); var statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (var rows = statement.executeQuery("show " + setting)) {
                    rows.next();
                    assertEquals("on", rows.getString(1), setting);
                }
            }
            try (var rows = statement.executeQuery("show server_version_num")) {
                rows.next();
                assertTrue(rows.getString(1).startsWith("15"), rows.getString(1));
            }
        }

        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long postmaster = Long.parseLong(Files.readAllLines(home.resolve("pgdata/postmaster.pid")).get(0).strip());
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the kill left the embedded postmaster running (the case this test is about)");

        int again = ServiceProcess.freePort();
        start(jar, again, "second.log", root);
        Http restarted = new Http(again);
        assertEquals(200, restarted.get("/v1/accounts/kept", admin).status(), "the same database");
        assertEquals(auditKey, restarted.get("/v1/audit/public-key", compliance).raw().body(), "the same audit key");
        String log = Files.readString(home.resolve("second.log"));
        assertTrue(log.contains("still running"), "the old postmaster was recognised and stopped");
        assertFalse(log.contains("trying the local server") || log.contains("using the local server"),
                "never another database");
        assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
    }

    private Process start(Path jar, int port, String log, boolean root) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> line = new ArrayList<>();
        if (root) {
            // setpriv execs: the process is the service itself, so a kill reaches it and not a wrapper.
            line.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"));
        }
        line.addAll(List.of(java, "-Xmx512m", "-Djava.io.tmpdir=" + home.resolve("tmp"), "-Duser.home=" + home,
                "-jar", jar.toString(), "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(line).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve(log).toFile());
        Map<String, String> env = builder.environment();
        env.remove("LEDGER_DB_URL");
        env.put("LEDGER_HOME", home.toString());
        env.put("LEDGER_JWT_PUBLIC_KEY", Tokens.PUBLIC_KEY_PEM.toString());
        env.put("LEDGER_JWT_ISSUER", Tokens.ISSUER);
        env.put("LEDGER_JWT_AUDIENCE", Tokens.AUDIENCE);
        env.put("LEDGER_RATE_LIMIT_ENABLED", "false");
        // The embedded database is a development fallback: production refuses it (ProductionRefusalIT).
        env.put("LEDGER_DEVELOPMENT", "true");
        Process process = builder.start();
        processes.add(process);
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .untilAsserted(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the service stopped: " + Files.readString(home.resolve(log)));
                    }
                    assertEquals(200, http.get("/v1/accounts", Tokens.token("ops", "admin")).status());
                });
        return process;
    }

    /** A graceful stop takes the embedded server with it; whatever a failed test left is stopped here. */
    private void stopPostmaster() throws IOException {
        Path pidFile = home.resolve("pgdata/postmaster.pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command));
    }
}
