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
 * Anthropic-compatible ingress: {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}, for Anthropic SDK clients, with every alias. Like
 * {@link ChatCompletionsResource}, the pipeline writes the Vert.x response itself and the body is taken as bytes
 * whatever the content type, so malformed JSON gets an error in Anthropic's envelope.
 */
@Path("/v1/messages")
public class MessagesResource {

    private final IngressPipeline pipeline;

    MessagesResource(IngressPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> messages(byte[] body, @Context RoutingContext routing) {
        return Exchange.of(routing, () -> pipeline.handle(IngressFormat.ANTHROPIC, body, routing.request()));
    }

    /** {@code POST /v1/messages/count_tokens}: passed to Anthropic-format targets, counted here for the others. */
    @POST
    @Path("/count_tokens")
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> countTokens(byte[] body, @Context RoutingContext routing) {
        return Exchange.of(routing, () -> pipeline.handle(IngressFormat.COUNT_TOKENS, body, routing.request()));
    }
}
