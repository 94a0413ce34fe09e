package dev.moniker.provider;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Anthropic's Messages API ({@code POST {endpoint}/messages}) as a typed Quarkus REST Client, one instance per
 * Anthropic provider entry. The entry's {@code x-api-key}, {@code anthropic-version} and extra headers come from
 * its {@link StaticHeaders}; bodies are raw bytes (translated or passed through by the gateway), and the default
 * exception mapper is disabled so an error status arrives as an answer to translate or relay.
 */
public interface AnthropicRestApi {

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
