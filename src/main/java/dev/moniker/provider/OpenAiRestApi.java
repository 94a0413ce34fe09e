package dev.moniker.provider;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The OpenAI chat-completions wire API as a typed Quarkus REST Client interface: the declared contract of every
 * OpenAI-format provider entry (base URI = the entry's endpoint, e.g. {@code https://api.groq.com/openai/v1}).
 * Requests on the hot path are sent by {@link UpstreamClient} over per-event-loop Vert.x clients instead, with the
 * same paths and headers (see its Javadoc for why).
 *
 * <p>Bodies travel as raw buffers: the gateway rewrites only {@code model} and relays the provider's answer
 * byte for byte, so nothing here binds them to Java types. The default exception mapper is disabled on every
 * instance, so a provider's 4xx/5xx arrives as a response to relay rather than an exception.
 */
public interface OpenAiRestApi {

    /** {@code GET {endpoint}/models}: the models the key can use, for {@code provider/*} wildcard entries. */
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ModelList> models();

    @POST
    @Path("/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> chatCompletions(byte[] body,
                                             @HeaderParam("Authorization") String forwardedAuthorization);

    /** Azure OpenAI addresses a deployment in the path and requires {@code api-version}. */
    @POST
    @Path("/deployments/{deployment}/chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> azureChatCompletions(@PathParam("deployment") String deployment,
                                                  @QueryParam("api-version") String apiVersion,
                                                  byte[] body,
                                                  @HeaderParam("Authorization") String forwardedAuthorization);
}
