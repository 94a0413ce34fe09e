package dev.moniker.provider;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Anthropic's Messages API ({@code POST {endpoint}/messages}) as a typed Quarkus REST Client interface: the declared
 * contract of every Anthropic-format provider entry ({@code x-api-key}, {@code anthropic-version} and the entry's
 * extra headers are its fixed headers, see {@link ProviderHeaders}). Requests on the hot path are sent by
 * {@link UpstreamClient} with the same path and headers; bodies are raw bytes, translated or passed through.
 */
public interface AnthropicRestApi {

    /** {@code GET {endpoint}/models}: Anthropic's model list (same {@code data[].id} shape as OpenAI's). */
    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ModelList> models(@QueryParam("limit") int limit);

    /**
     * @param forwardedAuthorization the caller's {@code Authorization}, only for {@code passthrough_auth} entries
     * @param anthropicBeta          the caller's {@code anthropic-beta} header, passed through; {@code null} omits it
     */
    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> messages(byte[] body,
                                      @HeaderParam("Authorization") String forwardedAuthorization,
                                      @HeaderParam("anthropic-beta") String anthropicBeta);
}
