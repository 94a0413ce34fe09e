package dev.moniker.provider;

import dev.moniker.wire.Operation;
import dev.moniker.wire.UpstreamReply;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One provider exchange against a scripted socket server: a stale pooled connection is retried once on a new one, a
 * provider that closes a new connection is not retried, the wait for a pooled connection is bounded, and a request
 * cancelled while it waits for a connection does not keep that connection when it frees up.
 */
class ProviderExchangeTest {

    /** What the server does with the n-th request (from 1) on a connection. */
    enum Act { ANSWER, CLOSE, HANG }

    private final Vertx vertx = Vertx.vertx();
    private ScriptedSocketServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private UpstreamClient client(int poolSize, Duration poolWait) {
        EventLoopClients clients = new EventLoopClients(vertx, new HttpClientOptions().setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(16));
        Upstream upstream = new Upstream("openai/gpt-4o-mini", ProviderKind.OPENAI, "openai", "gpt-4o-mini",
                Optional.empty(), URI.create(server.baseUrl() + "/v1"), Optional.empty(), Map.of(), false,
                Optional.empty(), false);
        return new UpstreamClient(upstream, clients, Duration.ofSeconds(5), Duration.ofSeconds(5), poolWait,
                "2023-06-01");
    }

    private static UpstreamReply call(UpstreamClient client) {
        return client.complete(Operation.CHAT, "gpt-4o-mini", Buffer.buffer("{\"model\":\"gpt-4o-mini\"}"), CallerHeaders.NONE)
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void aReusedConnectionTheProviderClosedIsRetriedOnceOnANewOne() throws Exception {
        // Every connection answers once, then closes on its second request (the keep-alive race). One pooled
        // connection, so the second call must reuse the first's.
        server = new ScriptedSocketServer(connection -> n -> n == 1 ? Act.ANSWER : Act.CLOSE);
        UpstreamClient client = client(1, Duration.ofSeconds(2));
        assertEquals(200, call(client).status());
        assertEquals(200, call(client).status(), "the second request, retried on a new connection");
        assertEquals(2, server.connections.get());
        assertEquals(3, server.requests.get(), "one request on the stale connection, one retry");
    }

    @Test
    void aNewConnectionClosedWithoutAnswerIsAFailureAndNotRetried() throws Exception {
        server = new ScriptedSocketServer(connection -> n -> Act.CLOSE);
        UpstreamClient client = client(4, Duration.ofSeconds(2));
        RuntimeException failure = assertThrows(RuntimeException.class, () -> call(client));
        UpstreamFailure upstream = assertInstanceOf(UpstreamFailure.class, failure);
        assertEquals(UpstreamFailure.Kind.UNAVAILABLE, upstream.kind());
        assertEquals(1, server.requests.get(), "not sent again");
    }

    /** Sends a request without waiting for its answer; the handle cancels it. */
    private static Cancellable send(UpstreamClient client) {
        return client.complete(Operation.CHAT, "gpt-4o-mini", Buffer.buffer("{}"), CallerHeaders.NONE).subscribe().with(reply -> { }, error -> { });
    }

    /** A one-connection pool whose connection is held by a request the provider never answers. */
    private Cancellable holdTheOnlyConnection(UpstreamClient client) throws InterruptedException {
        Cancellable hanging = send(client);
        assertNotNull(server.arrived.poll(5, TimeUnit.SECONDS), "the first request holds the only connection");
        return hanging;
    }

    @Test
    void theWaitForAPooledConnectionIsBounded() throws Exception {
        server = new ScriptedSocketServer(connection -> n -> connection == 1 ? Act.HANG : Act.ANSWER);
        UpstreamClient client = client(1, Duration.ofMillis(300));
        Cancellable hanging = holdTheOnlyConnection(client);
        long start = System.nanoTime();
        UpstreamFailure busy = assertInstanceOf(UpstreamFailure.class,
                assertThrows(RuntimeException.class, () -> call(client)));
        assertEquals(UpstreamFailure.Kind.BUSY, busy.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5000);
        hanging.cancel();
    }

    @Test
    void aRequestCancelledWhileWaitingForAConnectionDoesNotKeepIt() throws Exception {
        server = new ScriptedSocketServer(connection -> n -> connection == 1 ? Act.HANG : Act.ANSWER);
        UpstreamClient client = client(1, Duration.ofSeconds(5));
        Cancellable first = holdTheOnlyConnection(client);
        send(client).cancel(); // queued behind the first for the only connection, then abandoned by its caller
        first.cancel(); // frees the pool's one slot (the hung connection is reset and closed)
        assertEquals(200, call(client).status(), "the pool still serves requests");
    }

    /** An HTTP/1.1 server on a raw socket, acting per connection and per request as scripted. */
    private static final class ScriptedSocketServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        final BlockingQueue<Integer> arrived = new LinkedBlockingQueue<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();

        ScriptedSocketServer(IntFunction<IntFunction<Act>> script) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        open.add(connection);
                        IntFunction<Act> acts = script.apply(connections.incrementAndGet());
                        Thread serve = new Thread(() -> serve(connection, acts));
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void serve(Socket connection, IntFunction<Act> acts) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                OutputStream out = connection.getOutputStream();
                for (int n = 1; ; n++) {
                    int length = 0;
                    String line = in.readLine();
                    if (line == null) {
                        return;
                    }
                    while (!(line = in.readLine()).isEmpty()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    for (int i = 0; i < length; i++) {
                        in.read();
                    }
                    requests.incrementAndGet();
                    arrived.add(n);
                    switch (acts.apply(n)) {
                        case CLOSE -> {
                            return;
                        }
                        case HANG -> {
                            while (in.read() >= 0) {
                                // hold the request until the client gives up
                            }
                            return;
                        }
                        case ANSWER -> {
                            byte[] body = "{\"choices\":[]}".getBytes(StandardCharsets.UTF_8);
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.write(body);
                            out.flush();
                        }
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket connection : open) {
                connection.close();
            }
        }
    }
}
