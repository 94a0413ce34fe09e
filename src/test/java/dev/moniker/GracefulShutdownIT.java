package dev.moniker;

import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM, as Kubernetes and Knative send it, with a stream in flight: the stream runs to its end ({@code [DONE]}),
 * and the gateway then exits 0, instead of cutting it.
 */
class GracefulShutdownIT {

    @TempDir
    Path dir;

    @Test
    void aStreamInFlightFinishesAfterSigtermAndTheGatewayExitsZero() throws Exception {
        // 2,000 events a millisecond apart: a stream of about two seconds.
        try (ScriptedProvider provider = ScriptedProvider.start(1, 2000)) {
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    llm_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-drain-test
                        base_url: %s/v1
                    model_aliases:
                      drain:
                        target: gpt-4o-mini
                    """.formatted(provider.baseUrl()));
            PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of(), PackagedGateway.logFile("graceful-shutdown"));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpRequest stream = HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"drain\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build();
                HttpResponse<java.io.InputStream> response = http.send(stream, HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode());
                BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                assertTrue(reader.readLine().startsWith("data: "), "the stream started");

                CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                    try {
                        return gateway.terminate(30);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -2;
                    }
                });
                String last = null;
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isEmpty()) {
                        last = line;
                    }
                }
                assertEquals("data: [DONE]", last, "the stream ran to its end after SIGTERM");
                assertEquals(0, exit.get(40, TimeUnit.SECONDS), "exit code after draining");
            } finally {
                gateway.close();
            }
        }
    }
}
