package dev.moniker;

import dev.moniker.support.GatewayFiles;
import dev.moniker.support.PackagedGateway;
import dev.moniker.support.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad clients on the packaged gateway: one that trickles its body gets a 408 in the caller's envelope after
 * {@code moniker.http.body-timeout} and its connection closed, while 1,000 idle connections are open and other clients
 * are served at normal latency throughout. Oversized request heads are refused by the HTTP layer with their status.
 */
class SlowClientIT {

    /** Idle client connections held open through the test: each costs the gateway a socket and nothing more. */
    private static final int IDLE = 1000;

    @TempDir
    Path dir;

    @Test
    void aTricklingBodyIsCutAfterItsDeadlineAndOthersAreServedMeanwhile() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3); HttpClient http = HttpClient.newHttpClient()) {
            String config = GatewayFiles.fastModel(dir, provider.baseUrl(), "");
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config,
                    Map.of("MONIKER_HTTP_BODY_TIMEOUT", "1s"), PackagedGateway.logFile("slow-client"))) {
                List<Socket> idle = new ArrayList<>();
                for (int i = 0; i < IDLE; i++) {
                    idle.add(new Socket("127.0.0.1", gateway.port()));
                }
                long started = System.nanoTime();
                try (Socket slow = new Socket("127.0.0.1", gateway.port())) {
                    OutputStream out = slow.getOutputStream();
                    out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 200\r\n\r\n{\"model\":").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    long[] latencies = new long[40];
                    for (int i = 0; i < latencies.length; i++) { // others are served while the slow body hangs
                        long t = System.nanoTime();
                        HttpResponse<String> served = http.send(HttpRequest.newBuilder(URI.create(
                                gateway.url("/v1/chat/completions"))).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"fast-model\",\"messages\":"
                                        + "[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, served.statusCode());
                        latencies[i] = (System.nanoTime() - t) / 1_000;
                    }
                    InputStream in = slow.getInputStream();
                    String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // to EOF: the gateway closes
                    long cut = (System.nanoTime() - started) / 1_000_000;
                    assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                    assertTrue(answer.contains("\"code\":\"request_timeout\""), answer);
                    assertTrue(cut < 10_000, "cut after " + cut + " ms");
                    Arrays.sort(latencies);
                    System.out.printf("slow client: cut after %d ms; others' latency p50 %d us, max %d us, with %d idle"
                            + " connections open%n", cut, latencies[latencies.length / 2], latencies[latencies.length - 1], IDLE);
                    assertTrue(latencies[latencies.length - 1] < 2_000_000, "others were served meanwhile");
                }
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void anOversizedRequestHeadIsRefusedWithItsStatusAndTheNextRequestIsServed() throws Exception {
        try (ScriptedProvider provider = ScriptedProvider.start(1, 3); HttpClient http = HttpClient.newHttpClient()) {
            String config = GatewayFiles.fastModel(dir, provider.baseUrl(), "");
            try (PackagedGateway gateway = PackagedGateway.start(List.of(), List.of("-Xmx128m"), config, Map.of(),
                    PackagedGateway.logFile("oversized-head"))) {
                String body = "{\"model\":\"fast-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                // Within the documented 20 KB of headers (quarkus.http.limits.max-header-size): served.
                assertEquals(200, post(gateway, body, "x-trace-context", "a".repeat(18_000)));
                // Over it: 431 from the HTTP layer, before the gateway sees the request.
                assertEquals(431, post(gateway, body, "x-trace-context", "a".repeat(30_000)));
                // A request line over 4096 bytes (max-initial-line-length): 414.
                assertEquals(414, rawStatus(gateway, "POST /v1/chat/completions?" + "q".repeat(5_000) + " HTTP/1.1"));
                assertEquals(200, post(gateway, body, "x-small", "1"), "the gateway serves on");
            }
        }
    }

    private static int post(PackagedGateway gateway, String body, String header, String value) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\n" + header + ": " + value + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            return status(socket);
        }
    }

    private static int rawStatus(PackagedGateway gateway, String requestLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return status(socket);
        }
    }

    private static int status(Socket socket) throws Exception {
        String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return Integer.parseInt(head.split(" ", 3)[1]);
    }
}
