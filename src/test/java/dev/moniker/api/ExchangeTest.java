package dev.moniker.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An exchange ends for everyone who waits on it: the {@code Uni} Quarkus REST holds completes, whatever else set
 * the response's single {@code endHandler} (Quarkus REST sets its own right after subscribing). When the exchange
 * used that handler itself, Quarkus REST's replaced it, the {@code Uni} never completed and every request's context
 * stayed in memory: about 4 KB a request, a full 128 MB heap within a minute of load.
 */
class ExchangeTest {

    private Vertx vertx;
    private HttpServer server;
    private final AtomicInteger routingEnds = new AtomicInteger();
    private final AtomicInteger responseEnds = new AtomicInteger();
    private final CompletableFuture<Void> exchangeDone = new CompletableFuture<>();
    private final CompletableFuture<Void> responseEnded = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(routing -> {
            routing.addEndHandler(ended -> routingEnds.incrementAndGet());
            Exchange.of(routing, () -> {
                routing.response().end("answered");
                return () -> { };
            }).subscribe().with(done -> exchangeDone.complete(null), exchangeDone::completeExceptionally);
            // What Quarkus REST does right after subscribing to a resource's Uni: its own handler on the response.
            routing.response().endHandler(ended -> {
                responseEnds.incrementAndGet();
                responseEnded.complete(null);
            });
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theExchangeAndTheRoutingContextBothSeeTheEnd() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/chat/completions")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("answered", response.body());
        }
        exchangeDone.get(10, TimeUnit.SECONDS); // never completed while the exchange used the response's endHandler
        // The response's endHandler runs on the event loop once the last write completes, which can be after the
        // client has read the body and after the routing context's end handlers: wait for it rather than race it.
        responseEnded.get(10, TimeUnit.SECONDS);
        assertEquals(1, routingEnds.get(), "the routing context's end handler did not run");
        assertEquals(1, responseEnds.get(), "the response's own end handler did not run");
    }
}
