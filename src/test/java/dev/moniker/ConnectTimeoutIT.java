package dev.moniker;

import dev.moniker.support.PackagedGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plano's {@code overrides.upstream_connect_timeout} bounds the connect to a provider that cannot take the
 * connection: a listener whose accept queue is full, so the kernel drops the gateway's SYNs and the connect hangs.
 */
class ConnectTimeoutIT {

    @TempDir
    Path dir;

    @Test
    void aConnectThatHangsFailsAfterTheFilesTimeoutNotTheDefault() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // fill the accept queue (never accepted); later SYNs are dropped
                Socket socket = new Socket();
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 300);
                    queued.add(socket);
                } catch (java.io.IOException e) {
                    socket.close();
                    break; // the queue is full already
                }
            }
            Path config = dir.resolve("moniker.yaml");
            Files.writeString(config, """
                    overrides:
                      upstream_connect_timeout: 400ms
                      optimize_context_window: true
                    model_providers:
                      - model: openai/gpt-4o-mini
                        access_key: sk-a
                        base_url: http://127.0.0.1:%d/v1
                    """.formatted(full.getLocalPort()));
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config.toString(),
                    Map.of(), PackagedGateway.logFile("connect-timeout"))) {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/v1/chat/completions")))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build();
                long start = System.nanoTime();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(502, response.statusCode(), response.body());
                assertTrue(response.body().contains("unreachable (connect timed out)"), response.body());
                assertTrue(millis >= 350 && millis < 5_000, "failed after " + millis + " ms (timeout 400ms, default 10s)");
                assertTrue(gateway.log().contains("overrides.optimize_context_window: context-window optimisation "
                        + "is not implemented"), "the unused override is named at start-up");
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }
}
