package dev.moniker.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.moniker.conversation.StoredResponse;
import dev.moniker.ingress.ClientCredentials;
import dev.moniker.ingress.IngressFormat;
import dev.moniker.ingress.IngressPipeline;
import dev.moniker.runtime.GatewayRuntime;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.openai.OpenAiErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.Optional;
import java.util.function.Function;

/**
 * OpenAI Responses API ingress: {@code POST /v1/responses}, through every alias; passed through to providers that
 * serve it, translated over chat completions (and Anthropic messages) for the others. {@code GET} and
 * {@code DELETE /v1/responses/{id}} read and remove what the gateway stored, for the key that made it.
 */
@Path("/v1/responses")
public class ResponsesResource {

    private final IngressPipeline pipeline;
    private final GatewayRuntime runtime;

    ResponsesResource(IngressPipeline pipeline, GatewayRuntime runtime) {
        this.pipeline = pipeline;
        this.runtime = runtime;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Void> create(byte[] body, @Context RoutingContext routing) {
        return Exchange.of(routing, () -> pipeline.handle(IngressFormat.RESPONSES, body, routing.request()));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<String>> get(@PathParam("id") String id, @HeaderParam("Authorization") String authorization) {
        return stored(id, authorization, found -> Uni.createFrom().item(RestResponse.ok(found.response().toString())));
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<String>> delete(@PathParam("id") String id,
                                            @HeaderParam("Authorization") String authorization) {
        return stored(id, authorization, found -> runtime.current().conversations().delete(id).map(deleted ->
                RestResponse.ok(JsonNodeFactory.instance.objectNode().put("id", id).put("object", "response")
                        .put("deleted", true).toString())));
    }

    /** The caller's stored response {@code id}, to {@code then}; a 401 without a known key, a 404 if not theirs. */
    private Uni<RestResponse<String>> stored(String id, String authorization,
                                             Function<StoredResponse, Uni<RestResponse<String>>> then) {
        ClientCredentials.KeyHolder caller = new ClientCredentials.KeyHolder();
        Optional<GatewayError> refused = ClientCredentials.authenticate(runtime.current().clientKeys(),
                ClientCredentials.bearer(authorization), caller);
        if (refused.isPresent()) {
            return Uni.createFrom().item(error(refused.get()));
        }
        String owner = caller.key() == null ? null : caller.key().name();
        return runtime.current().conversations().get(id).flatMap(found -> found.filter(r -> r.visibleTo(owner))
                .map(then).orElseGet(() -> Uni.createFrom().item(error(new GatewayError(404, "invalid_request_error",
                        "not_found", null, "No response with id '" + id + "' is stored on this gateway")))));
    }

    private static RestResponse<String> error(GatewayError error) {
        return RestResponse.ResponseBuilder.<String>create(error.status())
                .entity(OpenAiErrors.envelope(error).toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
