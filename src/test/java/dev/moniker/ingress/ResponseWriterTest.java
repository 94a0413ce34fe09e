package dev.moniker.ingress;

import dev.moniker.attempt.AttemptRecord;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Upstream;
import dev.moniker.routing.Route;
import dev.moniker.routing.Target;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.UpstreamReply;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the client receives, over real HTTP: relayed headers filtered, served-by headers set, errors in its envelope. */
class ResponseWriterTest {

    private static final Route ROUTE = new Route("fast-model", Optional.of("fast-model"), new Target(
            new Upstream("openai/gpt-4o-mini", ProviderKind.OPENAI, "openai", "gpt-4o-mini", Optional.empty(),
                    URI.create("http://127.0.0.1/v1"), Optional.empty(), Map.of(), false, Optional.empty(), false),
            "gpt-4o-mini"));

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Answers one request with {@code writer} and returns what the client got. */
    private HttpResponse<String> answer(Consumer<HttpServerResponse> writer) throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(request -> writer.accept(request.response()));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aRelayedAnswerKeepsOnlyTheProviderHeadersWorthRelaying() throws Exception {
        UpstreamReply reply = new UpstreamReply(200, Map.of(
                "x-ratelimit-remaining-requests", List.of("99"), "retry-after", List.of("3"),
                "request-id", List.of("req_1"), "openai-processing-ms", List.of("12"),
                "set-cookie", List.of("session=secret"), "server", List.of("internal-proxy/1.2"),
                "content-type", List.of("application/json")), Buffer.buffer("{\"ok\":true}"));
        HttpResponse<String> response = answer(out -> {
            ResponseWriter.attempts(out, List.of(new AttemptRecord("openai/gpt-4o-mini", null, Duration.ZERO)));
            ResponseWriter.reply(out, ROUTE, reply);
        });
        assertEquals(200, response.statusCode());
        assertEquals("{\"ok\":true}", response.body());
        assertEquals("99", response.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
        assertEquals("3", response.headers().firstValue("retry-after").orElseThrow());
        assertEquals("req_1", response.headers().firstValue("request-id").orElseThrow());
        assertEquals("12", response.headers().firstValue("openai-processing-ms").orElseThrow());
        assertTrue(response.headers().firstValue("set-cookie").isEmpty());
        assertTrue(response.headers().firstValue("server").isEmpty());
        assertEquals("fast-model", response.headers().firstValue("x-moniker-alias").orElseThrow());
        assertEquals("openai/gpt-4o-mini", response.headers().firstValue("x-moniker-model").orElseThrow());
        assertEquals("openai/gpt-4o-mini=ok", response.headers().firstValue("x-moniker-attempts").orElseThrow());
    }

    @Test
    void anAnswerWithoutAContentTypeIsJson() throws Exception {
        HttpResponse<String> response = answer(out -> ResponseWriter.reply(out, ROUTE,
                new UpstreamReply(200, Map.of(), Buffer.buffer("{}"))));
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void anErrorIsWrittenInTheCallersEnvelope() throws Exception {
        GatewayError error = new GatewayError(429, "rate_limit_error", "upstream_error", null, "slow down");
        HttpResponse<String> openAi = answer(out -> ResponseWriter.error(out, IngressFormat.OPENAI, error));
        assertEquals(429, openAi.statusCode());
        assertEquals("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,"
                + "\"code\":\"upstream_error\"}}", openAi.body());
        HttpResponse<String> anthropic = answer(out -> ResponseWriter.error(out, IngressFormat.ANTHROPIC, error));
        assertEquals(429, anthropic.statusCode());
        assertEquals("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
                anthropic.body());
        assertEquals("application/json", anthropic.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void aStreamStartsWithItsServedByHeaders() throws Exception {
        HttpResponse<String> response = answer(out -> {
            ResponseWriter.startStream(out, ROUTE, null);
            out.end("data: [DONE]\n\n");
        });
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("cache-control").orElseThrow());
        assertEquals("openai/gpt-4o-mini", response.headers().firstValue("x-moniker-model").orElseThrow());
        assertEquals("data: [DONE]\n\n", response.body());
    }
}
