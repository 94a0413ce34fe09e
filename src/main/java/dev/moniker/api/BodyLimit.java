package dev.moniker.api;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.openai.OpenAiErrors;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits on a request body, answered in the caller's envelope:
 * <ul>
 *   <li>larger than {@code quarkus.http.limits.max-body-size} (4 MB by default here): 413 as soon as its
 *       {@code Content-Length} says so, before any of it is read, so the client can read the answer (a chunked body
 *       without a length that grows past the limit is cut by Vert.x with a bare 413);</li>
 *   <li>not received in full within {@code moniker.http.body-timeout} (30 s): 408 and the connection closed, so a
 *       client that trickles its body holds a connection for seconds, not for as long as it likes.</li>
 * </ul>
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;
    private final long bodyTimeoutMillis;
    private final io.micrometer.core.instrument.Counter slowBodies;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
              @ConfigProperty(name = "moniker.http.body-timeout", defaultValue = "30s") java.time.Duration bodyTimeout,
              io.micrometer.core.instrument.MeterRegistry registry) {
        this.maxBytes = maxBodySize.asLongValue();
        this.bodyTimeoutMillis = bodyTimeout.toMillis();
        this.slowBodies = registry.counter("moniker.http.slow.bodies");
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && tooLong(length)) {
                GatewayError error = new GatewayError(413, "invalid_request_error", "request_too_large", null,
                        "The request body is larger than this gateway accepts (" + maxBytes + " bytes)");
                boolean anthropic = context.request().path().startsWith("/v1/messages");
                context.response().setStatusCode(413).putHeader("content-type", "application/json")
                        .putHeader("connection", "close")
                        .end(anthropic ? AnthropicErrors.body(error) : OpenAiErrors.body(error));
                return;
            }
            if (bodyTimeoutMillis > 0 && !context.request().isEnded()) {
                long timer = context.vertx().setTimer(bodyTimeoutMillis, id -> tooSlow(context));
                context.addEndHandler(done -> context.vertx().cancelTimer(timer));
            }
            context.next();
        });
    }

    /** The body did not arrive in time: 408, then the connection is closed (the rest of the body is not waited for). */
    private void tooSlow(io.vertx.ext.web.RoutingContext context) {
        if (context.request().isEnded() || context.response().ended() || context.response().headWritten()) {
            return;
        }
        slowBodies.increment();
        GatewayError error = new GatewayError(408, "invalid_request_error", "request_timeout", null,
                "The request body did not arrive within " + bodyTimeoutMillis + " ms");
        boolean anthropic = context.request().path().startsWith("/v1/messages");
        context.response().setStatusCode(408).putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(anthropic ? AnthropicErrors.body(error) : OpenAiErrors.body(error))
                .onComplete(done -> context.request().connection().close());
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
