package dev.moniker.provider;

import dev.moniker.wire.Operation;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.openai.OpenAiStreams;
import dev.moniker.wire.sse.StreamTransform;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A provider stream's head, over real HTTP on loopback: the first bytes for the caller are held back until the
 * loop commits, what the transform drops does not count as a first chunk, an error status comes back whole as a
 * complete answer, a stream closed before its first chunk is a failure, and a transform that stops the stream ends
 * it and abandons the provider's.
 */
class SseStreamHeadTest {

    private static final String CHUNK = "data: {\"choices\":[{\"delta\":{\"content\":\"%s\"}}]}\n\n";

    private static final Duration STALL = Duration.ofMillis(300);

    private final Vertx vertx = Vertx.vertx();
    private HttpServer server;
    private volatile Consumer<HttpServerRequest> script;
    private UpstreamClient client;

    @BeforeEach
    void start() {
        server = vertx.createHttpServer().requestHandler(request -> script.accept(request));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        client = client(Duration.ofSeconds(5));
    }

    private UpstreamClient client(Duration readTimeout) {
        return client(readTimeout, 4);
    }

    private UpstreamClient client(Duration readTimeout, int connections) {
        EventLoopClients clients = new EventLoopClients(vertx, new HttpClientOptions().setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(connections));
        Upstream upstream = new Upstream("openai/gpt-4o-mini", ProviderKind.OPENAI, "openai", "gpt-4o-mini",
                Optional.empty(), URI.create("http://127.0.0.1:" + server.actualPort() + "/v1"), Optional.empty(),
                Map.of(), false, Optional.empty(), false);
        return new UpstreamClient(upstream, clients, readTimeout, STALL, Duration.ofSeconds(5), "2023-06-01");
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    private Answer open(StreamTransform transform) {
        return client.stream(Operation.CHAT, "gpt-4o-mini", Buffer.buffer("{}"), CallerHeaders.NONE, transform,
                        reply -> new UpstreamReply(reply.status(), Map.of("x-translated", List.of("yes")), reply.body()))
                .await().atMost(Duration.ofSeconds(10));
    }

    /** Relays the rest of the stream; completes with what arrived, once it ended. */
    private static CompletableFuture<List<String>> relay(StreamHead head) {
        List<String> chunks = new CopyOnWriteArrayList<>();
        CompletableFuture<List<String>> ended = new CompletableFuture<>();
        head.relay(chunk -> chunks.add(chunk.toString()), ended::completeExceptionally, () -> ended.complete(chunks));
        head.resume();
        return ended;
    }

    @Test
    void theFirstChunkIsHeldBackAndTheRestRelayedAfterCommitting() throws Exception {
        CompletableFuture<Void> committed = new CompletableFuture<>();
        script = request -> {
            request.response().setChunked(true).putHeader("content-type", "text/event-stream");
            request.response().write(CHUNK.formatted("one"));
            committed.thenRun(() -> vertx.runOnContext(v -> request.response().end(CHUNK.formatted("two") + "data: [DONE]\n\n")));
        };
        Answer.Streaming streaming = assertInstanceOf(Answer.Streaming.class, open(OpenAiStreams.passThrough()));
        StreamHead head = streaming.head();
        assertEquals(CHUNK.formatted("one"), head.firstChunk().toString());
        assertEquals("text/event-stream", head.contentType());
        CompletableFuture<List<String>> rest = relay(head);
        committed.complete(null);
        assertEquals(CHUNK.formatted("two") + "data: [DONE]\n\n", String.join("", rest.get(10, TimeUnit.SECONDS)));
        assertEquals(0, head.ending().length(), "the stream was complete");
    }

    @Test
    void chunksTheTransformDropsAreNotAFirstChunk() {
        script = request -> {
            request.response().setChunked(true).write(": keep-alive\n\n");
            vertx.setTimer(20, t -> request.response().end(CHUNK.formatted("real")));
        };
        StreamTransform droppingComments = new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                return chunk.toString().startsWith(":") ? Buffer.buffer() : chunk;
            }

            @Override
            public Buffer ending() {
                return Buffer.buffer();
            }

            @Override
            public Buffer failure(String message) {
                return Buffer.buffer(message);
            }
        };
        Answer.Streaming streaming = assertInstanceOf(Answer.Streaming.class, open(droppingComments));
        assertEquals(CHUNK.formatted("real"), streaming.head().firstChunk().toString());
    }

    @Test
    void anErrorStatusIsReadWholeAsACompleteAnswerInTheCallersFormat() {
        script = request -> request.response().setStatusCode(429).putHeader("content-type", "application/json")
                .end("{\"error\":{\"message\":\"slow down\"}}");
        Answer.Complete complete = assertInstanceOf(Answer.Complete.class, open(OpenAiStreams.passThrough()));
        assertEquals(429, complete.reply().status());
        assertEquals("yes", complete.reply().header("x-translated"));
        assertEquals("{\"error\":{\"message\":\"slow down\"}}", complete.reply().body().toString());
    }

    @Test
    void aStreamClosedBeforeItsFirstChunkIsAnUnavailableProvider() {
        script = request -> request.response().setChunked(true).putHeader("content-type", "text/event-stream").end();
        UpstreamFailure failure = assertInstanceOf(UpstreamFailure.class, org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> open(OpenAiStreams.passThrough())));
        assertEquals(UpstreamFailure.Kind.UNAVAILABLE, failure.kind());
        assertTrue(failure.getMessage().contains("closed the stream before its first chunk"), failure.getMessage());
    }

    @Test
    void aTransformThatStopsEndsTheStreamAndAbandonsTheProvider() throws Exception {
        CompletableFuture<Void> providerSawTheReset = new CompletableFuture<>();
        script = request -> {
            request.response().setChunked(true).write(CHUNK.formatted("one"));
            request.response().closeHandler(v -> providerSawTheReset.complete(null));
            vertx.setTimer(20, t -> request.response().write(CHUNK.formatted("stop")));
            // Never ends by itself: only the gateway's reset ends this exchange.
        };
        StreamTransform stopping = new StreamTransform() {
            private boolean stopped;

            @Override
            public Buffer onChunk(Buffer chunk) {
                stopped = chunk.toString().contains("stop");
                return stopped ? Buffer.buffer("error event\n\n") : chunk;
            }

            @Override
            public boolean stopped() {
                return stopped;
            }

            @Override
            public Buffer ending() {
                return Buffer.buffer();
            }

            @Override
            public Buffer failure(String message) {
                return Buffer.buffer("unexpected failure");
            }
        };
        Answer.Streaming streaming = assertInstanceOf(Answer.Streaming.class, open(stopping));
        assertEquals(List.of("error event\n\n"), relay(streaming.head()).get(10, TimeUnit.SECONDS));
        providerSawTheReset.get(10, TimeUnit.SECONDS);
    }

    /**
     * The churn failure: a stream the caller abandons after the provider's whole answer has arrived on the socket
     * (queued behind the paused head) must not close the connection, which the pool has already handed to the
     * next stream. Vert.x 4.5 closes a connection when a request whose response ended is reset
     * (eclipse-vertx/vert.x#6294), so the head must not reset such a request.
     */
    @Test
    void abandoningAStreamWhoseAnswerHasArrivedLeavesTheConnectionToTheNextStream() throws Exception {
        client = client(Duration.ofSeconds(5), 1);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> finishSecond = new CompletableFuture<>();
        script = request -> {
            request.response().setChunked(true).putHeader("content-type", "text/event-stream");
            if (requests.incrementAndGet() == 1) {
                request.response().end(CHUNK.formatted("one") + CHUNK.formatted("two") + "data: [DONE]\n\n");
            } else {
                request.response().write(CHUNK.formatted("three"));
                finishSecond.thenRun(() -> vertx.runOnContext(v ->
                        request.response().end(CHUNK.formatted("four") + "data: [DONE]\n\n")));
            }
        };
        StreamHead first = assertInstanceOf(Answer.Streaming.class, open(OpenAiStreams.passThrough())).head();
        // One connection: the second stream gets it only once the first answer has ended on the wire.
        StreamHead second = assertInstanceOf(Answer.Streaming.class, open(OpenAiStreams.passThrough())).head();
        assertEquals(CHUNK.formatted("three"), second.firstChunk().toString());
        first.cancel(); // its caller left before it was relayed
        CompletableFuture<List<String>> rest = relay(second);
        finishSecond.complete(null);
        assertEquals(CHUNK.formatted("four") + "data: [DONE]\n\n", String.join("", rest.get(10, TimeUnit.SECONDS)));
        assertEquals(0, second.ending().length(), "the second stream was complete");
        assertEquals(2, requests.get());
    }

    @Test
    void aProviderThatStallsAfterItsFirstChunkEndsTheStreamWithATimeout() throws Exception {
        CompletableFuture<Void> providerSawTheReset = new CompletableFuture<>();
        script = request -> {
            request.response().setChunked(true).write(CHUNK.formatted("one") + CHUNK.formatted("two"));
            request.response().closeHandler(v -> providerSawTheReset.complete(null));
        };
        StreamHead head = assertInstanceOf(Answer.Streaming.class, open(OpenAiStreams.passThrough())).head();
        CompletableFuture<List<String>> rest = relay(head);
        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> rest.get(10, TimeUnit.SECONDS));
        UpstreamFailure stalled = assertInstanceOf(UpstreamFailure.class, failed.getCause());
        assertEquals(UpstreamFailure.Kind.TIMEOUT, stalled.kind());
        assertTrue(stalled.getMessage().contains("stopped sending its stream (nothing for 300 ms)"), stalled.getMessage());
        providerSawTheReset.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aProviderSilentAfterItsHeadTimesOutBeforeTheFirstChunkSoTheLoopCanFallBack() {
        client = client(Duration.ofMillis(400));
        script = request -> request.response().setChunked(true).putHeader("content-type", "text/event-stream")
                .writeHead(); // the head goes out, then nothing
        UpstreamFailure failure = assertInstanceOf(UpstreamFailure.class, org.junit.jupiter.api.Assertions.assertThrows(
                RuntimeException.class, () -> open(OpenAiStreams.passThrough())));
        assertEquals(UpstreamFailure.Kind.TIMEOUT, failure.kind());
        assertTrue(failure.getMessage().contains("nothing for 400 ms"), failure.getMessage());
    }

    @Test
    void aCallerThatReadsSlowlyIsNotAStalledProvider() throws Exception {
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        script = request -> {
            request.response().setChunked(true).write(CHUNK.formatted("one"));
            resumed.thenRun(() -> vertx.runOnContext(v -> request.response().end(CHUNK.formatted("two") + "data: [DONE]\n\n")));
        };
        StreamHead head = assertInstanceOf(Answer.Streaming.class, open(OpenAiStreams.passThrough())).head();
        // The head stays paused (the loop has not committed yet, or the caller's socket is full) for several stall
        // bounds; the provider must not be blamed for the silence.
        Thread.sleep(STALL.toMillis() * 4);
        CompletableFuture<List<String>> rest = relay(head);
        resumed.complete(null);
        assertEquals(CHUNK.formatted("two") + "data: [DONE]\n\n", String.join("", rest.get(10, TimeUnit.SECONDS)));
    }
}
