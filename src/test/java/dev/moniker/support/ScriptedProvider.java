package dev.moniker.support;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A healthy provider that speaks both wire formats on one loopback port, for load tests: {@code .../chat/completions}
 * answers in OpenAI's format, {@code .../messages} in Anthropic's, JSON after a short random delay (so a caller can
 * leave while the gateway waits for it), streams as {@code chunks} events a millisecond apart. It counts the
 * gateway's open connections and the requests it is serving, so a test can tell whether connections are released.
 */
public final class ScriptedProvider implements AutoCloseable {

    private static final Buffer OPENAI_JSON = Buffer.buffer("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
            + "\"assistant\",\"content\":\"scripted answer\"},\"finish_reason\":\"stop\"}],\"usage\":"
            + "{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}");
    private static final Buffer OPENAI_CHUNK = Buffer.buffer("data: {\"id\":\"chatcmpl-1\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"tok \"},\"finish_reason\":null}]}\n\n");
    private static final Buffer OPENAI_LAST = Buffer.buffer("data: {\"id\":\"chatcmpl-1\",\"object\":"
            + "\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    private static final Buffer ANTHROPIC_JSON = Buffer.buffer("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
            + "\"assistant\",\"model\":\"claude-sonnet-4\",\"content\":[{\"type\":\"text\",\"text\":\"scripted answer\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}");
    private static final Buffer ANTHROPIC_FIRST = Buffer.buffer("event: message_start\ndata: {\"type\":"
            + "\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-sonnet-4\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
            + "{\"input_tokens\":5,\"output_tokens\":0}}}\n\nevent: content_block_start\ndata: {\"type\":"
            + "\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
    private static final Buffer ANTHROPIC_CHUNK = Buffer.buffer("event: content_block_delta\ndata: {\"type\":"
            + "\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tok \"}}\n\n");
    private static final Buffer ANTHROPIC_LAST = Buffer.buffer("event: content_block_stop\ndata: {\"type\":"
            + "\"content_block_stop\",\"index\":0}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\","
            + "\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    private final Vertx vertx;
    private final HttpServer server;
    private final int maxJsonDelayMillis;
    private final int chunks;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicInteger serving = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();

    private ScriptedProvider(int maxJsonDelayMillis, int chunks) {
        this.maxJsonDelayMillis = maxJsonDelayMillis;
        this.chunks = chunks;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .connectionHandler(connection -> {
                    openConnections.incrementAndGet();
                    connection.closeHandler(closed -> openConnections.decrementAndGet());
                })
                .requestHandler(this::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the scripted provider did not start", e);
        }
    }

    /** @param maxJsonDelayMillis a JSON answer waits a random 1..max ms; @param chunks content events per stream */
    public static ScriptedProvider start(int maxJsonDelayMillis, int chunks) {
        return new ScriptedProvider(maxJsonDelayMillis, chunks);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Connections the gateway holds open to this provider now. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Requests being answered now (a cut one counts until its connection closes). */
    public int serving() {
        return serving.get();
    }

    public long requests() {
        return requests.get();
    }

    private void handle(HttpServerRequest request) {
        requests.incrementAndGet();
        serving.incrementAndGet();
        HttpServerResponse response = request.response();
        AtomicInteger done = new AtomicInteger();
        Runnable finished = () -> {
            if (done.getAndIncrement() == 0) {
                serving.decrementAndGet();
            }
        };
        response.endHandler(ended -> finished.run());
        response.closeHandler(closed -> finished.run());
        request.exceptionHandler(error -> finished.run());
        request.body().onSuccess(body -> {
            boolean anthropic = request.path().endsWith("/messages");
            String text = body.toString();
            boolean stream = text.contains("\"stream\":true") || text.contains("\"stream\": true");
            response.putHeader("x-request-id", "req-scripted");
            if (stream) {
                response.setChunked(true).putHeader("content-type", "text/event-stream");
                if (anthropic) {
                    response.write(ANTHROPIC_FIRST);
                }
                sendChunks(response, anthropic, chunks);
            } else {
                int delay = 1 + ThreadLocalRandom.current().nextInt(Math.max(1, maxJsonDelayMillis));
                vertx.setTimer(delay, timer -> {
                    if (!response.closed()) {
                        response.putHeader("content-type", "application/json")
                                .end(anthropic ? ANTHROPIC_JSON : OPENAI_JSON);
                    }
                });
            }
        });
    }

    private void sendChunks(HttpServerResponse response, boolean anthropic, int left) {
        if (response.closed()) {
            return;
        }
        if (left == 0) {
            response.end(anthropic ? ANTHROPIC_LAST : OPENAI_LAST);
            return;
        }
        response.write(anthropic ? ANTHROPIC_CHUNK : OPENAI_CHUNK);
        vertx.setTimer(1, timer -> sendChunks(response, anthropic, left - 1));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
