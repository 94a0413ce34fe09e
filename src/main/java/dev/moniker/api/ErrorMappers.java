package dev.moniker.api;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.openai.OpenAiErrors;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers the framework's own refusals (no such path, wrong method) in the envelope of the API the caller speaks,
 * so an SDK can parse them: Anthropic's under {@code /v1/messages}, OpenAI's everywhere else. Without these, Quarkus
 * answers with an HTML page or an empty body.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, HttpServerRequest request) {
        return answer(request, new GatewayError(404, "invalid_request_error", "unknown_url", null,
                "Unknown request URL: " + request.method() + " " + request.path() + " (this gateway serves POST "
                        + "/v1/chat/completions, POST /v1/messages and GET /v1/models)"), null);
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, HttpServerRequest request) {
        String allowed = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allowed == null) { // Quarkus REST leaves it out: the gateway's paths each take one method
            allowed = request.path().startsWith("/v1/models") ? "GET" : "POST";
        }
        return answer(request, new GatewayError(405, "invalid_request_error", "method_not_allowed", null,
                "Method " + request.method() + " is not allowed on " + request.path() + "; use " + allowed), allowed);
    }

    private static Response answer(HttpServerRequest request, GatewayError error, String allow) {
        boolean anthropic = request.path().startsWith("/v1/messages");
        String body = anthropic ? AnthropicErrors.envelope(error).toString() : OpenAiErrors.envelope(error).toString();
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }
}
