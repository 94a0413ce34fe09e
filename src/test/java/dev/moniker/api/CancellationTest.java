package dev.moniker.api;

import dev.moniker.support.FakeProviders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A caller that goes away cancels the upstream request: the provider sees its connection closed right after the
 * caller's, well before the gateway's read timeout (4 s in tests) would have closed it.
 */
@QuarkusTest
@QuarkusTestResource(FakeProviders.class)
class CancellationTest {

    @TestHTTPResource("/")
    URL gateway;

    private void callAndHangUp(boolean stream) throws Exception {
        callAndHangUp("/v1/chat/completions", stream);
    }

    private void callAndHangUp(String path, boolean stream) throws Exception {
        String body = "{\"model\":\"hang-model\",\"stream\":" + stream + ",\"max_tokens\":16"
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertNotNull(FakeProviders.hanging.awaitRequest(3), "the request reached the provider");
        }
        long callerGone = System.nanoTime();
        Long upstreamClosed = FakeProviders.hanging.awaitClose(10);
        assertNotNull(upstreamClosed, "the upstream connection was closed");
        Duration after = Duration.ofNanos(upstreamClosed - callerGone);
        assertTrue(after.toMillis() < 2000, "upstream closed " + after.toMillis() + " ms after the caller left");
    }

    @Test
    void jsonRequestIsCancelled() throws Exception {
        callAndHangUp(false);
    }

    @Test
    void streamingRequestIsCancelled() throws Exception {
        callAndHangUp(true);
    }

    @Test
    void anthropicClientsJsonRequestIsCancelled() throws Exception {
        callAndHangUp("/v1/messages", false);
    }

    @Test
    void anthropicClientsStreamingRequestIsCancelled() throws Exception {
        callAndHangUp("/v1/messages", true);
    }
}
