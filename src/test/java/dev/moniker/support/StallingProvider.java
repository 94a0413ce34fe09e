package dev.moniker.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A provider that starts answering and then goes silent, in both wire formats: a stream gets its head and one
 * text event ({@code "Hel"}), a complete answer its head and half its body; then nothing, until the gateway gives up
 * and closes the connection (which is recorded).
 */
public final class StallingProvider implements AutoCloseable {

    private static final String OPENAI_CHUNK = "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
    private static final String ANTHROPIC_EVENTS = "event: message_start\ndata: {\"type\":\"message_start\","
            + "\"message\":{\"id\":\"msg_s\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\","
            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
            + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n";
    private static final String HALF_JSON = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,";

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final BlockingQueue<Long> closes = new LinkedBlockingQueue<>();

    public StallingProvider() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** Whether the gateway closed a stalled connection within {@code seconds}. */
    public boolean awaitClose(int seconds) throws InterruptedException {
        return closes.poll(seconds, TimeUnit.SECONDS) != null;
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            request.connection().closeHandler(v -> closes.add(System.nanoTime()));
            boolean anthropic = request.path().endsWith("/messages");
            if (body.toString().contains("\"stream\":true")) {
                request.response().setChunked(true).putHeader("content-type", "text/event-stream")
                        .write(anthropic ? ANTHROPIC_EVENTS : OPENAI_CHUNK);
            } else {
                request.response().putHeader("content-type", "application/json").putHeader("content-length", "4096")
                        .write(HALF_JSON);
            }
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
