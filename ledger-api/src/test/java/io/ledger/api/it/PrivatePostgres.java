package io.ledger.api.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own: its own data directory and port, started, restarted and
 * stopped by the test, so that a test about PostgreSQL going away never touches a server it did not
 * start. Uses the binaries of the PostgreSQL the tests already need ({@code pg_config --bindir}, else
 * the newest under /usr/lib/postgresql). PostgreSQL refuses to run as root, so as root (CI) the server
 * runs as the {@code postgres} system user.
 */
final class PrivatePostgres implements AutoCloseable {

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final int port;
    private final String runAs;

    private PrivatePostgres(Path bin, Path directory, int port, String runAs) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
        this.runAs = runAs;
    }

    /** Creates the cluster and starts it; fails the test with a reason when that cannot be done here. */
    static PrivatePostgres start() throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Files.createTempDirectory("ledger-test-pg-");
        PrivatePostgres postgres = new PrivatePostgres(binaries(), directory, ServiceProcess.freePort(),
                root ? "postgres" : null);
        if (root) {
            postgres.run(List.of("chown", "postgres", directory.toString()), false);
        }
        postgres.run(List.of(postgres.bin.resolve("initdb").toString(), "-D", postgres.data.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"), true);
        postgres.pgCtl("start", "-l", directory.resolve("server.log").toString(),
                "-o", "-p " + postgres.port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + directory);
        return postgres;
    }

    /** The JDBC URL of a database on this server (the server's own {@code postgres} database is there). */
    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Fast restart: every connection is cut, as after a crash or failover of the database. */
    void restart() throws IOException, InterruptedException {
        pgCtl("restart", "-m", "fast");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            pgCtl("stop", "-m", "immediate");
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void pgCtl(String action, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w",
                "-t", "60", action));
        command.addAll(Arrays.asList(options));
        run(command, true);
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asServerUser && runAs != null) {
            line.addAll(List.of("runuser", "-u", runAs, "--"));
        }
        line.addAll(command);
        Path output = Files.createTempFile("ledger-test-pg-", ".out");
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", line) + " failed: " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path binaries() throws IOException, InterruptedException {
        try {
            Process config = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String dir = new String(config.getInputStream().readAllBytes()).trim();
            if (config.waitFor() == 0 && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Path.of(dir);
            }
        } catch (IOException noPgConfig) {
            // fall through to the Debian layout
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) found: install PostgreSQL");
    }
}
