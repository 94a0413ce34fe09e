package dev.moniker;

import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot reload as an operator meets it, on the packaged gateway: an alias edited in the file while streams are in
 * flight and requests keep coming is served by its new target within about a second, no request fails and the
 * streams finish on the target they started with; a broken edit leaves the old configuration serving and says why
 * (log, readiness, metric); {@code SIGHUP} reloads without the file watch.
 */
class ConfigReloadIT {

    private static final String JSON = "{\"model\":\"edge\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = "{\"model\":\"edge\",\"stream\":true,\"messages\":[{\"role\":\"user\","
            + "\"content\":\"hi\"}]}";

    @TempDir
    Path dir;

    private static String config(String aliasTarget, ScriptedProvider one, ScriptedProvider two) {
        return """
                llm_providers:
                  - model: one/model-a
                    provider_interface: openai
                    base_url: %s/v1
                  - model: two/model-b
                    provider_interface: openai
                    base_url: %s/v1
                model_aliases:
                  edge:
                    target: %s
                """.formatted(one.baseUrl(), two.baseUrl(), aliasTarget);
    }

    /** Replaces the file in one step, as a ConfigMap update or an editor's save-by-rename does. */
    private void write(Path file, String content) throws Exception {
        Path next = dir.resolve("next.yaml");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static HttpRequest post(PackagedGateway gateway, String body) {
        return HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Test
    void anEditIsServedWithinASecondWithoutLosingARequestAndABrokenEditKeepsTheOldConfiguration() throws Exception {
        try (ScriptedProvider one = ScriptedProvider.start(2, 1500); ScriptedProvider two = ScriptedProvider.start(2, 10);
             HttpClient http = HttpClient.newHttpClient()) {
            Path file = dir.resolve("moniker.yaml");
            write(file, config("one/model-a", one, two));
            PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx192m"), file.toString(),
                    Map.of("MONIKER_CONFIG_WATCH_INTERVAL", "200ms"), PackagedGateway.logFile("config-reload"));
            try {
                // streams of about 1.5 s in flight across the swap
                List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    streams.add(http.sendAsync(post(gateway, STREAM), HttpResponse.BodyHandlers.ofString()));
                }
                // and a steady run of JSON requests from two callers
                ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
                AtomicBoolean running = new AtomicBoolean(true);
                List<CompletableFuture<Void>> callers = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    callers.add(CompletableFuture.runAsync(() -> {
                        while (running.get()) {
                            try {
                                HttpResponse<String> r = http.send(post(gateway, JSON), HttpResponse.BodyHandlers.ofString());
                                outcomes.add(r.statusCode() + " " + r.headers().firstValue("x-moniker-model").orElse("?"));
                            } catch (Exception e) {
                                outcomes.add("exception " + e);
                            }
                        }
                    }));
                }
                awaitServedBy(http, gateway, "one/model-a");
                long edited = System.nanoTime();
                write(file, config("two/model-b", one, two));
                awaitServedBy(http, gateway, "two/model-b");
                long applied = System.nanoTime() - edited;
                System.out.printf("reload: the edit was served %d ms after the file changed%n", applied / 1_000_000);
                assertTrue(applied < TimeUnit.MILLISECONDS.toNanos(1500), "served by the new target after "
                        + applied / 1_000_000 + " ms");

                for (CompletableFuture<HttpResponse<String>> stream : streams) {
                    HttpResponse<String> response = stream.get(30, TimeUnit.SECONDS);
                    assertEquals(200, response.statusCode());
                    assertEquals("one/model-a", response.headers().firstValue("x-moniker-model").orElseThrow());
                    assertTrue(response.body().endsWith("data: [DONE]\n\n"), "a stream in flight ran to its end");
                }

                // a broken edit: refused, named, and the configuration in force keeps serving
                write(file, config("two/model-b", one, two).replace("target:", "targte:"));
                String health = awaitHealth(http, gateway, "refused");
                assertTrue(health.contains("model_aliases.edge.targte: unknown key"), health);
                awaitLog(gateway, "configuration reload (file changed) refused, still serving generation 2");
                running.set(false);
                CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                HttpResponse<String> after = http.send(post(gateway, JSON), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, after.statusCode());
                assertEquals("two/model-b", after.headers().firstValue("x-moniker-model").orElseThrow());

                List<String> failed = outcomes.stream().filter(o -> !o.startsWith("200 ")).toList();
                assertEquals(List.of(), failed, "no request failed across the reloads (" + outcomes.size() + " sent)");
                assertTrue(outcomes.size() > 20, "requests ran across the swap: " + outcomes.size());
                String metrics = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/q/metrics"))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.contains("moniker_config_reloads_total{result=\"ok\"} 1.0"), metrics);
                assertTrue(metrics.contains("moniker_config_reloads_total{result=\"failed\"} 1.0"), metrics);
                assertTrue(metrics.contains("moniker_config_generation 2.0"), metrics);
                assertTrue(metrics.contains("moniker_config_last_reload_success 0.0"), metrics);
            } finally {
                gateway.close();
            }
        }
    }

    @Test
    void sighupReloadsWithoutTheFileWatch() throws Exception {
        try (ScriptedProvider one = ScriptedProvider.start(2, 10); ScriptedProvider two = ScriptedProvider.start(2, 10);
             HttpClient http = HttpClient.newHttpClient()) {
            Path file = dir.resolve("moniker.yaml");
            write(file, config("one/model-a", one, two));
            PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), file.toString(),
                    Map.of("MONIKER_CONFIG_WATCH_INTERVAL", "0s"), PackagedGateway.logFile("config-reload-sighup"));
            try {
                write(file, config("two/model-b", one, two));
                assertEquals("one/model-a", servedBy(http, gateway), "no watch: the edit waits for the signal");
                Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(gateway.pid())).start();
                assertEquals(0, kill.waitFor());
                awaitServedBy(http, gateway, "two/model-b");
                awaitLog(gateway, "configuration reloaded (SIGHUP)");
                assertTrue(gateway.isAlive(), "SIGHUP does not stop the gateway");
            } finally {
                gateway.close();
            }
        }
    }

    private static String servedBy(HttpClient http, PackagedGateway gateway) throws Exception {
        HttpResponse<String> response = http.send(post(gateway, JSON), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.headers().firstValue("x-moniker-model").orElseThrow();
    }

    /** Asks until {@code model} serves, for at most 10 s: polling the gateway's answers, not shared state. */
    private static void awaitServedBy(HttpClient http, PackagedGateway gateway, String model) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!servedBy(http, gateway).equals(model)) {
            assertTrue(System.nanoTime() < deadline, "not served by " + model + " within 10 s");
        }
    }

    private static String awaitHealth(HttpClient http, PackagedGateway gateway, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String body = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/q/health/ready"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains(text)) {
                return body;
            }
            assertTrue(System.nanoTime() < deadline, "readiness never said '" + text + "': " + body);
            Thread.sleep(50); // polls the process's answer, not shared state
        }
    }

    private static void awaitLog(PackagedGateway gateway, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!gateway.log().contains(text)) {
            assertTrue(System.nanoTime() < deadline, "the log never said '" + text + "': " + gateway.log());
            Thread.sleep(50); // the process writes its log file; we read it
        }
    }
}
