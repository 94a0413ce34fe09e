// A fast scripted OpenAI-format provider for the benchmark (not a test double for behaviour: it answers everything).
// Run: java -cp 'target/quarkus-app/lib/main/*' src/bench/Provider.java [port]
// Env: PROVIDER_CHUNKS (SSE content chunks, default 20), PROVIDER_CHUNK_DELAY_MS (pause between chunks, default 0),
//      PROVIDER_EVENT_LOOPS (default 1).
// POST .../chat/completions with "stream":true in the body -> text/event-stream: N chunk events then [DONE];
// anything else -> one JSON chat.completion. HTTP/1.1 keep-alive, chunked streams, no logging.
// A path under /quota/ answers 429 rate_limit_exceeded (no Retry-After), for the cost of one fallback step.
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

public class Provider extends AbstractVerticle {

    static final int PORT = Integer.parseInt(System.getProperty("port", "9100"));
    static final int CHUNKS = Integer.parseInt(env("PROVIDER_CHUNKS", "20"));
    static final long DELAY_MS = Long.parseLong(env("PROVIDER_CHUNK_DELAY_MS", "0"));

    static final Buffer JSON = Buffer.buffer(("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Hello! This is a scripted answer from the benchmark provider, about as long as a short reply.\"},"
            + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,"
            + "\"total_tokens\":32},\"system_fingerprint\":\"fp_bench\"}").getBytes(StandardCharsets.UTF_8));
    static final Buffer EVENT = Buffer.buffer(("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"},"
            + "\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
    static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    /** What OpenAI sends last when the request asked for stream usage. */
    static final Buffer USAGE_EVENT = Buffer.buffer(("data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":20,\"total_tokens\":32}}\n\n").getBytes(StandardCharsets.UTF_8));
    static final byte[] INCLUDE_USAGE = "\"include_usage\":true".getBytes(StandardCharsets.UTF_8);
    static final Buffer RATE_LIMITED = Buffer.buffer("{\"error\":{\"message\":\"Rate limit reached\","
            + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.UTF_8);
    static final byte[] STREAM_TRUE_SPACED = "\"stream\": true".getBytes(StandardCharsets.UTF_8);

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static void main(String[] args) {
        int loops = Integer.parseInt(env("PROVIDER_EVENT_LOOPS", "1"));
        if (args.length > 0) System.setProperty("port", args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        vertx.deployVerticle(Provider::new, new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("provider listening on " + Integer.getInteger("port", PORT)
                        + " chunks=" + CHUNKS + " delayMs=" + DELAY_MS))
                .onFailure(e -> { e.printStackTrace(); System.exit(1); });
    }

    @Override
    public void start() {
        int port = Integer.getInteger("port", PORT);
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false))
                .requestHandler(this::handle)
                .listen(port, "127.0.0.1");
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            HttpServerResponse response = request.response();
            if (!request.path().endsWith("/chat/completions")) {
                response.setStatusCode(404).end();
            } else if (request.path().contains("/quota/")) {
                response.setStatusCode(429).putHeader("content-type", "application/json").end(RATE_LIMITED);
            } else if (contains(body, STREAM_TRUE) || contains(body, STREAM_TRUE_SPACED)) {
                response.setChunked(true).putHeader("content-type", "text/event-stream")
                        .putHeader("x-request-id", "req-bench");
                sendChunks(response, CHUNKS, contains(body, INCLUDE_USAGE));
            } else {
                response.putHeader("content-type", "application/json").putHeader("x-request-id", "req-bench")
                        .end(JSON);
            }
        });
    }

    private void sendChunks(HttpServerResponse response, int left, boolean usage) {
        if (response.closed()) return;
        if (left == 0) {
            if (usage) response.write(USAGE_EVENT);
            response.end(DONE);
            return;
        }
        response.write(EVENT);
        if (DELAY_MS > 0) {
            vertx.setTimer(DELAY_MS, t -> sendChunks(response, left - 1, usage));
        } else {
            sendChunks(response, left - 1, usage);
        }
    }

    private static boolean contains(Buffer body, byte[] needle) {
        byte[] hay = body.getBytes();
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
