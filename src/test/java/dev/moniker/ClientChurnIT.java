package dev.moniker;

import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A load test of outcomes, not speed: the packaged gateway in front of a healthy scripted provider, while clients
 * keep connecting, sending JSON and streaming requests through both ingress APIs to both provider formats, and
 * hanging up mid-flight (a plain close or a reset), thousands of times. Clients that stay get a complete answer
 * every time, during the churn and after it; the gateway's provider connections stay within its pool; no breaker
 * opens and no attempt fails, because nothing was wrong with the provider.
 */
class ClientChurnIT {

    /** Per event loop and provider host; two event loops: the gateway holds at most 2 x this many connections. */
    private static final int POOL_SIZE = 16;
    private static final int EVENT_LOOPS = 2;
    private static final int CLIENTS = 32;
    private static final int CANCELLATIONS = Integer.getInteger("churn.cancellations", 4000);
    private static final Duration MAX_CHURN = Duration.ofSeconds(Integer.getInteger("churn.max-seconds", 120));
    /** Keep churning at least this long (a soak: {@code -Dchurn.min-seconds=180 -Dchurn.max-seconds=200}). */
    private static final Duration MIN_CHURN = Duration.ofSeconds(Integer.getInteger("churn.min-seconds", 0));

    @TempDir
    Path dir;

    /** One kind of request: ingress API x provider format x streaming. */
    private record Kind(boolean anthropicIngress, boolean anthropicProvider, boolean stream) {
        String path() {
            return anthropicIngress ? "/v1/messages" : "/v1/chat/completions";
        }

        String body() {
            String alias = anthropicProvider ? "churn-claude" : "churn-gpt";
            return "{\"model\":\"" + alias + "\",\"max_tokens\":32,\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        }

        /** What a complete answer in the caller's format contains. */
        boolean complete(String body) {
            if (!stream) {
                return body.contains("scripted answer");
            }
            return body.contains("tok ") && (anthropicIngress ? body.contains("event: message_stop")
                    : body.contains("data: [DONE]"));
        }

        @Override
        public String toString() {
            return (anthropicIngress ? "messages" : "chat") + "->" + (anthropicProvider ? "anthropic" : "openai")
                    + (stream ? " stream" : " json");
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind(false, false, false), new Kind(false, false, true),
            new Kind(false, true, false), new Kind(false, true, true),
            new Kind(true, false, false), new Kind(true, false, true),
            new Kind(true, true, false), new Kind(true, true, true));

    @Test
    void gatewayKeepsAnsweringWhileClientsHangUpMidFlight() throws Exception {
        churn(List.of());
    }

    @Test
    void gatewayPinnedToOneCpuKeepsAnsweringWhileClientsHangUpMidFlight() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/taskset")), "taskset is not installed");
        Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs a second CPU for the load");
        churn(List.of("/usr/bin/taskset", "-c", "0"));
    }

    private void churn(List<String> pin) throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start(25, 20)) {
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-churn-test
                        base_url: %1$s/v1
                      - model: anthropic/claude-sonnet-4
                        access_key: sk-ant-churn-test
                        base_url: %1$s/v1
                    model_aliases:
                      churn-gpt:
                        target: gpt-4o-mini
                      churn-claude:
                        target: claude-sonnet-4
                    """.formatted(provider.baseUrl()));
            Map<String, String> environment = Map.of(
                    "QUARKUS_VERTX_EVENT_LOOPS_POOL_SIZE", Integer.toString(EVENT_LOOPS),
                    "MONIKER_UPSTREAM_MAX_CONNECTIONS_PER_HOST", Integer.toString(POOL_SIZE),
                    "MONIKER_UPSTREAM_READ_TIMEOUT", "20s");
            try (PackagedGateway gateway = PackagedGateway.start(pin,
                    List.of("-XX:+UseSerialGC", "-Xmx128m"), config.toString(), environment,
                    PackagedGateway.logFile("churn" + (pin.isEmpty() ? "" : "-pinned")))) {
                Churn result = runChurn(gateway);
                assertTrue(result.failures.isEmpty(), () -> result.failures.size() + " of " + result.completed
                        + " requests that stayed failed during the churn, e.g. " + result.failures.peek()
                        + "; provider: " + provider.openConnections() + " connections open, serving "
                        + provider.serving() + "\n" + tail(gateway));
                assertTrue(result.cancelled.get() >= CANCELLATIONS, () -> "only " + result.cancelled
                        + " hang-ups in " + MAX_CHURN.toSeconds() + " s");

                everyKindIsAnsweredCompletely(gateway);

                awaitIdle(provider);
                assertTrue(provider.openConnections() <= POOL_SIZE * EVENT_LOOPS, () -> "the gateway holds "
                        + provider.openConnections() + " provider connections; its pools allow "
                        + POOL_SIZE * EVENT_LOOPS);
                String metrics = get(gateway.url("/q/metrics"));
                noBreakerOpenedAndNoAttemptFailed(metrics);
                // The hang-ups reached the gateway mid-attempt (not only after the answer): it cancelled them.
                double cancelledAttempts = sum(metrics, "moniker_routing_attempts_total", "outcome=\"cancelled\"");
                System.out.printf("churn%s: %d hang-ups, %d complete answers, %.0f attempts cancelled mid-flight, "
                                + "%d provider requests, %d provider connections open after%n",
                        pin.isEmpty() ? "" : " (pinned)", result.cancelled.get(), result.completed.get(),
                        cancelledAttempts, provider.requests(), provider.openConnections());
                assertTrue(cancelledAttempts >= CANCELLATIONS / 4.0, () -> "only " + cancelledAttempts
                        + " attempts were cancelled mid-flight");
                String log = gateway.log();
                assertFalse(log.contains(" ERROR "), () -> "the gateway logged errors:\n" + log);
                assertFalse(log.contains("sk-churn-test") || log.contains("sk-ant-churn-test"), "keys in the log");
            }
        }
    }

    private static final class Churn {
        final AtomicLong cancelled = new AtomicLong();
        final AtomicLong completed = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    }

    /** {@link #CLIENTS} clients, each looping: connect, send, and mostly hang up before the answer is complete. */
    private static Churn runChurn(PackagedGateway gateway) throws Exception {
        Churn churn = new Churn();
        long start = System.nanoTime();
        long deadline = start + MAX_CHURN.toNanos();
        long minimum = start + MIN_CHURN.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                running.add(CompletableFuture.runAsync(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while ((churn.cancelled.get() < CANCELLATIONS || System.nanoTime() < minimum)
                            && System.nanoTime() < deadline && churn.failures.size() < 5) {
                        Kind kind = KINDS.get(random.nextInt(KINDS.size()));
                        try {
                            if (random.nextInt(5) == 0) {
                                String problem = completeRequest(gateway.port(), kind);
                                churn.completed.incrementAndGet();
                                if (problem != null) {
                                    churn.failures.add(kind + ": " + problem);
                                }
                            } else {
                                hangUp(gateway.port(), kind, random);
                                churn.cancelled.incrementAndGet();
                            }
                        } catch (IOException e) {
                            churn.failures.add(kind + ": " + e);
                        }
                    }
                }, clients));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .get(MAX_CHURN.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
        return churn;
    }

    private static byte[] request(Kind kind, boolean close) {
        byte[] body = kind.body().getBytes(StandardCharsets.UTF_8);
        String head = "POST " + kind.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer client-key\r\nx-api-key: client-key\r\nanthropic-version: 2023-06-01\r\n"
                + "Content-Length: " + body.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Sends a request and leaves early: after a few ms, or for streams after part of the stream, closing or resetting. */
    private static void hangUp(int port, Kind kind, ThreadLocalRandom random) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            if (random.nextBoolean()) {
                socket.setSoLinger(true, 0); // close with a reset
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(kind, false));
            out.flush();
            if (kind.stream() && random.nextBoolean()) {
                InputStream in = socket.getInputStream();
                int wanted = 1 + random.nextInt(600);
                byte[] buffer = new byte[wanted];
                int read = 0;
                while (read < wanted) {
                    int n = in.read(buffer, read, wanted - read);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
            } else {
                // The client's patience, not a wait for shared state: the JSON answer takes 1..25 ms.
                Thread.sleep(random.nextInt(12));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a request and reads the whole answer; null if it was a complete 200, else what was wrong. */
    private static String completeRequest(int port, Kind kind) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request(kind, true));
            socket.getOutputStream().flush();
            String answer;
            try {
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.SocketTimeoutException e) {
                return "no complete answer within 15 s";
            }
            int headEnd = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 200") || headEnd < 0) {
                return "answered " + answer.lines().findFirst().orElse("nothing") + ": "
                        + answer.substring(Math.max(0, headEnd)).strip();
            }
            String head = answer.substring(0, headEnd).toLowerCase(java.util.Locale.ROOT);
            String body = answer.substring(headEnd + 4);
            if (head.contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return kind.complete(body) ? null : "incomplete answer: " + body;
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the scripted answers are ASCII, so characters and bytes agree.
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }

    /** After the churn, a burst of every kind of request at once: each gets a complete answer. */
    private static void everyKindIsAnsweredCompletely(PackagedGateway gateway) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (Kind kind : KINDS) {
            for (int i = 0; i < CLIENTS; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url(kind.path())))
                        .timeout(Duration.ofSeconds(15))
                        .header("Content-Type", "application/json")
                        .header("anthropic-version", "2023-06-01")
                        .POST(HttpRequest.BodyPublishers.ofString(kind.body())).build();
                answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                    if (e != null) {
                        return kind + ": " + e;
                    }
                    return r.statusCode() == 200 && kind.complete(r.body()) ? null
                            : kind + ": " + r.statusCode() + " " + r.body();
                }));
            }
        }
        List<String> problems = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            String problem = answer.get(30, TimeUnit.SECONDS);
            if (problem != null) {
                problems.add(problem);
            }
        }
        assertEquals(List.of(), problems, "requests after the churn");
    }

    /** Waits until the provider serves nothing: every cut request has been closed on its side too. */
    private static void awaitIdle(ScriptedProvider provider) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (provider.serving() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, provider.serving(), "requests the provider still serves after the clients left");
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private static void noBreakerOpenedAndNoAttemptFailed(String metrics) {
        Matcher sample = SAMPLE.matcher(metrics);
        int breakers = 0;
        while (sample.find()) {
            String name = sample.group(1);
            String labels = sample.group(2);
            double value = Double.parseDouble(sample.group(3));
            if (name.equals("moniker_endpoint_breaker_state")) {
                breakers++;
                assertEquals(0.0, value, "breaker state " + labels);
            }
            if (name.equals("moniker_routing_attempts_total") && !labels.contains("outcome=\"ok\"")
                    && !labels.contains("outcome=\"cancelled\"")) {
                assertEquals(0.0, value, "failed attempts " + labels);
            }
        }
        assertTrue(breakers >= 2, "breaker gauges in the metrics:\n" + metrics);
    }

    private static double sum(String metrics, String name, String label) {
        double total = 0;
        Matcher sample = SAMPLE.matcher(metrics);
        while (sample.find()) {
            if (sample.group(1).equals(name) && sample.group(2).contains(label)) {
                total += Double.parseDouble(sample.group(3));
            }
        }
        return total;
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String tail(PackagedGateway gateway) {
        try {
            String log = gateway.log();
            return log.substring(Math.max(0, log.length() - 4000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
