package dev.moniker.api;

import dev.moniker.ingress.IngressFormat;
import dev.moniker.ingress.IngressPipeline;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * OpenAI-compatible ingress: {@code POST /v1/chat/completions}.
 *
 * <p>The pipeline writes the Vert.x response itself (status, relayed headers, body or event stream, in one pass and
 * without re-framing the provider's bytes); the returned {@code Uni} only tells Quarkus REST when the exchange is
 * over. The body is taken as bytes whatever the content type, so a client that forgets {@code Content-Type} still
 * gets an answer, and malformed JSON gets an OpenAI error rather than a framework one.
 */
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

    private final IngressPipeline pipeline;

    ChatCompletionsResource(IngressPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> chatCompletions(byte[] body, @Context RoutingContext routing) {
        return Exchange.of(routing, () -> pipeline.handle(IngressFormat.OPENAI, body, routing.request()));
    }
}
