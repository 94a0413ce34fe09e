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
 * A request body larger than {@code quarkus.http.limits.max-body-size} (4 MB by default here) is answered with 413 in
 * the caller's envelope as soon as its {@code Content-Length} says so, before any of it is read, so the client can
 * read the answer. (A chunked body without a length that grows past the limit is cut by Vert.x with a bare 413.)
 */
@ApplicationScoped
public class BodyLimit {

    private final long maxBytes;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
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
            context.next();
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
