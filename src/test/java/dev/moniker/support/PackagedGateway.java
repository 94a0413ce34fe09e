package dev.moniker.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) run as an operator runs it, in its own process,
 * on a port of its choosing: for tests of what only a real process shows (exit codes, logs, behaviour under load).
 */
public final class PackagedGateway implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private PackagedGateway(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * The command that starts the packaged gateway with this test's JDK.
     *
     * @param prefix run it under this command (for example {@code taskset -c 0}); may be empty
     */
    public static ProcessBuilder command(List<String> prefix, List<String> jvmOptions, String configFile,
                                         String... args) {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(prefix);
        command.add(javaCommand);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MONIKER_CONFIG", configFile);
        builder.environment().put("QUARKUS_HTTP_PORT", "0");
        return builder;
    }

    /** Starts the gateway and waits until it listens; its output (stdout and stderr) goes to {@code log}. */
    public static PackagedGateway start(ProcessBuilder builder, Path log) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            return new PackagedGateway(process, log, awaitPort(process, log));
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    public static PackagedGateway start(List<String> prefix, List<String> jvmOptions, String configFile,
                                        Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = command(prefix, jvmOptions, configFile);
        builder.environment().putAll(environment);
        return start(builder, log);
    }

    /** A log file under {@code target/it-logs}, kept after the run so a failed CI run can be read. */
    public static Path logFile(String name) throws IOException {
        Path dir = Path.of("target", "it-logs");
        Files.createDirectories(dir);
        return dir.resolve(name + ".log");
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!process.isAlive()) {
                break;
            }
            // The process announces its port only in its log: poll the file, not shared state.
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Waits, if the wall clock is within 20 s of a minute's end, until the next minute begins: a test of a budget
     * counted in fixed minutes then has its requests in one window. It waits on the clock the budget counts by,
     * not on shared state.
     */
    public static void awayFromAMinuteBoundary() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 40_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
    }

    /** Sends SIGTERM (as Kubernetes does) and returns the exit code, or -1 if it did not exit within {@code seconds}. */
    public int terminate(int seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
