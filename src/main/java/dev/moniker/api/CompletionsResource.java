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
 * OpenAI's legacy completions ingress: {@code POST /v1/completions}, through aliases to OpenAI-format providers that
 * still serve it (passed through; never translated to chat, see {@code docs/api.md}).
 */
@Path("/v1/completions")
public class CompletionsResource {

    private final IngressPipeline pipeline;

    CompletionsResource(IngressPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> completions(byte[] body, @Context RoutingContext routing) {
        return Exchange.of(routing, () -> pipeline.handle(IngressFormat.COMPLETIONS, body, routing.request()));
    }
}
