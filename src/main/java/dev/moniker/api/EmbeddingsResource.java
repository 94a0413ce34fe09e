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

/** OpenAI embeddings ingress: {@code POST /v1/embeddings}, through aliases to OpenAI-format embedding models. */
@Path("/v1/embeddings")
public class EmbeddingsResource {

    private final IngressPipeline pipeline;

    EmbeddingsResource(IngressPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> embeddings(byte[] body, @Context RoutingContext routing) {
        return Exchange.of(routing, () -> pipeline.handle(IngressFormat.EMBEDDINGS, body, routing.request()));
    }
}
