package dev.moniker.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package, which {@code .ci/run} installs) in a fresh data
 * directory on a free loopback port, trusting local connections: started by a test, removed after it. PostgreSQL
 * refuses to run as root, so as root it runs as the package's {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Path bin;
    private final Path log;
    private Process process;

    private PostgresServer(int port, Path dir, Path bin, Path log) {
        this.port = port;
        this.dir = dir;
        this.bin = bin;
        this.log = log;
    }

    public static PostgresServer start(Path log) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("moniker-pg");
        PostgresServer server = new PostgresServer(port, dir, binaries(), log);
        if (root()) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), log);
        }
        server.run(server.asOwner(List.of(server.bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                "-U", "moniker", "-A", "trust", "-E", "UTF8", "--no-sync")));
        server.process = new ProcessBuilder(server.asOwner(List.of(server.bin.resolve("postgres").toString(),
                "-D", dir.resolve("data").toString(), "-p", Integer.toString(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        server.awaitReady();
        return server;
    }

    /** A connection string with a user and a password, as an operator writes it (the server trusts any). */
    public String url() {
        return "postgresql://moniker:not-a-real-password@127.0.0.1:" + port + "/postgres";
    }

    /** Runs one SQL statement with {@code psql}; its output. */
    public String sql(String statement) throws IOException, InterruptedException {
        Process psql = new ProcessBuilder(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "moniker", "-d", "postgres", "-tAc", statement)
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes()).trim();
        psql.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Process ready = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
                    Integer.toString(port)).redirectErrorStream(true).start();
            ready.getInputStream().readAllBytes();
            if (ready.waitFor() == 0) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("postgres did not start on port " + port + "; see " + log);
            }
            Thread.sleep(50); // polls the server's answer, not shared state
        }
    }

    /** The newest installed PostgreSQL's programs ({@code /usr/lib/postgresql/<version>/bin}). */
    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new AssertionError("PostgreSQL is not installed (apt-get install postgresql; .ci/run does)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", ""))))
                    .orElseThrow(() -> new AssertionError("no PostgreSQL server under " + root)).resolve("bin");
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private List<String> asOwner(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        run(command, log);
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process done = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!done.waitFor(60, TimeUnit.SECONDS) || done.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed; see " + log);
        }
    }

    /** Stops the server, as an outage would; its data stays until {@link #close}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stop();
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
