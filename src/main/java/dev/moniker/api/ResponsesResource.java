package dev.moniker.api;

import dev.moniker.ingress.IngressFormat;
import dev.moniker.ingress.IngressPipeline;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * OpenAI Responses API ingress: {@code POST /v1/responses}, through every alias; passed through to providers that
 * serve it, translated over chat completions (and Anthropic messages) for the others.
 */
@Path("/v1/responses")
public class ResponsesResource {

    private final IngressPipeline pipeline;

    ResponsesResource(IngressPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> create(byte[] body, @Context HttpServerRequest request) {
        return Exchange.of(request, () -> pipeline.handle(IngressFormat.RESPONSES, body, request));
    }
}
