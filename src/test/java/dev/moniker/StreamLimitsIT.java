package dev.moniker;

import dev.moniker.support.GatewayFiles;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Concurrent streams on the packaged gateway: a key's {@code max_concurrent_streams} (429 for one more) and the
 * gateway's {@code moniker.limits.max-streams} (503 for one more), each slot freed when its stream ends or its
 * caller leaves.
 */
class StreamLimitsIT {

    private static final String ONE = "mk-one-stream-0123456789";
    private static final String FREE = "mk-free-streams-0123456789";

    @TempDir
    Path dir;

    @Test
    void streamsAreLimitedPerKeyAndGatewayWideAndASlotComesBackWhenAStreamEndsOrItsCallerLeaves() throws Exception {
        // 3,000 events a millisecond apart: streams of about three seconds.
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3000); HttpClient http = HttpClient.newHttpClient()) {
            String config = GatewayFiles.fastModel(dir, provider.baseUrl(), """
                    client_keys:
                      - name: one-stream
                        key: %s
                        limits:
                          max_concurrent_streams: 1
                      - name: free
                        key: %s
                    """.formatted(ONE, FREE));
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config,
                    Map.of("MONIKER_LIMITS_MAX_STREAMS", "2"), PackagedGateway.logFile("stream-limits"))) {
                HttpResponse<InputStream> first = stream(http, gateway, ONE);
                assertEquals(200, first.statusCode());
                BufferedReader reader = new BufferedReader(new InputStreamReader(first.body(), StandardCharsets.UTF_8));
                assertTrue(reader.readLine().startsWith("data: "));

                HttpResponse<InputStream> second = stream(http, gateway, ONE);
                assertEquals(429, second.statusCode());
                assertTrue(new String(second.body().readAllBytes(), StandardCharsets.UTF_8)
                        .contains("'one-stream': 1 concurrent streams"));

                HttpResponse<InputStream> other = stream(http, gateway, FREE);
                assertEquals(200, other.statusCode(), "another key: the gateway's second slot");
                HttpResponse<InputStream> full = stream(http, gateway, FREE);
                assertEquals(503, full.statusCode(), "the gateway's 2 slots are taken");
                assertTrue(new String(full.body().readAllBytes(), StandardCharsets.UTF_8).contains("too_many_streams"));

                String last = null;
                for (String line; (line = reader.readLine()) != null; ) {
                    last = line.isEmpty() ? last : line;
                }
                assertEquals("data: [DONE]", last);
                other.body().close(); // the other caller leaves mid-stream

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                int status;
                do { // both slots come back: the finished stream's at once, the left one's when the gateway sees it
                    HttpResponse<InputStream> again = stream(http, gateway, FREE);
                    status = again.statusCode();
                    again.body().close();
                    assertTrue(System.nanoTime() < deadline, "slots never came back");
                } while (status != 200);
                HttpResponse<InputStream> oneAgain = stream(http, gateway, ONE);
                assertEquals(200, oneAgain.statusCode(), "the key's slot came back when its stream ended");
                oneAgain.body().close();
            }
        }
    }

    private static HttpResponse<InputStream> stream(HttpClient http, PackagedGateway gateway, String key)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast-model\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }
}
