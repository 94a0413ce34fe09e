package dev.moniker.gateway;

import dev.moniker.runtime.Routing;
import dev.moniker.runtime.GatewayConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import dev.moniker.attempt.Answer;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.provider.UpstreamReply;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Target;
import dev.moniker.translate.AnthropicErrors;
import dev.moniker.translate.AnthropicToOpenAiRequest;
import dev.moniker.translate.OpenAiToAnthropicResponse;
import dev.moniker.translate.OpenAiToAnthropicStream;
import dev.moniker.translate.TranslationException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request path of {@code POST /v1/messages} (Anthropic SDK clients), for every alias, top to bottom: parse and
 * check, resolve, run the alias's attempt plan (fallbacks, splits, pools, as for chat completions), and relay what
 * won. An Anthropic-format target gets the request with only {@code model} rewritten and its answer or stream is
 * relayed byte for byte; an OpenAI-format target gets the request translated, and its answer or stream is
 * translated back. Errors are in Anthropic's envelope. Runs on the Vert.x event loop and never blocks.
 */
@ApplicationScoped
public class AnthropicMessagesGateway {

    private final RoutingTable routes;
    private final UpstreamClients clients;
    private final Routing routing;
    private final ObjectMapper mapper;

    AnthropicMessagesGateway(GatewayConfig config, UpstreamClients clients, Routing routing, ObjectMapper mapper) {
        this.routes = config.routingTable();
        this.clients = clients;
        this.routing = routing;
        this.mapper = mapper;
    }

    /** A request refused before any upstream call; its Anthropic error type follows from the status. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** Serves one request, writing the response; returns a handle that cancels the provider call. */
    public Cancellable handle(byte[] rawBody, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        ObjectNode body;
        Route route;
        try {
            body = parse(rawBody);
            route = resolve(body.get("model") != null && body.get("model").isTextual() ? body.get("model").asText() : null);
        } catch (Refused refused) {
            Outcomes.ANTHROPIC.write(response, new GatewayError(refused.status, null, null, null, refused.getMessage()));
            return Outcomes.NOTHING_TO_CANCEL;
        }
        boolean stream = body.path("stream").asBoolean(false);
        String authorization = clientAuthorization(request);
        String beta = request.getHeader("anthropic-beta");
        String user = body.path("metadata").path("user_id").textValue();
        return Outcomes.serve(routing, routes, route, new RequestFacts(user, request::getHeader),
                target -> call(body, stream, target, authorization, beta), response, Outcomes.ANTHROPIC);
    }

    /** One attempt at one target, in its wire format; the answer comes back in Anthropic's format. */
    private Uni<Answer> call(ObjectNode body, boolean stream, Target target, String authorization, String beta) {
        UpstreamClient client = clients.client(target.upstream());
        return switch (target.upstream().kind().wireFormat()) {
            case ANTHROPIC -> passThrough(body, stream, target, client, authorization, beta);
            case OPENAI -> translated(body, stream, target, client, authorization);
        };
    }

    private ObjectNode parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new Refused(400, "The request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (IOException e) {
            throw new Refused(400, "The request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode body)) {
            throw new Refused(400, "The request body must be a JSON object");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new Refused(400, "messages: expected a non-empty array of messages");
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && (!model.isTextual() || model.asText().isBlank())) {
            throw new Refused(400, "model: expected a model name");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Refused(400, "stream: expected a boolean");
        }
        return body;
    }

    private Route resolve(String model) {
        RoutingTable.Resolution resolution = routes.resolve(model);
        if (resolution.route().isPresent()) {
            return resolution.route().get();
        }
        throw switch (resolution.miss()) {
            case NO_DEFAULT -> new Refused(400, "model: field required (no default model "
                    + "is configured)");
            case AMBIGUOUS -> new Refused(400, "model: '" + model + "' is ambiguous: it is "
                    + "configured at " + String.join(" and ", resolution.candidates()) + "; use provider/model");
            case NOT_FOUND -> new Refused(404, "model: " + model);
        };
    }

    /** Anthropic SDKs send {@code x-api-key}; a {@code passthrough_auth} entry receives it as a bearer token. */
    private static String clientAuthorization(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            return authorization;
        }
        String key = request.getHeader("x-api-key");
        return key != null ? "Bearer " + key : null;
    }

    // --- Anthropic target: only model rewritten, answer relayed as is ---

    private static Uni<Answer> passThrough(ObjectNode body, boolean stream, Target target, UpstreamClient client,
                                           String authorization, String beta) {
        // Only model changes, in place, so a fallback attempt can set it again.
        body.put("model", target.modelId());
        Buffer bytes = Buffer.buffer(body.toString());
        if (stream) {
            return client.openMessagesStream(target.modelId(), bytes, authorization, beta)
                    .flatMap(upstream -> SseStreamHead.open(upstream, target.displayName(),
                            StreamTransform.anthropicPassThrough(), reply -> reply));
        }
        return client.completeMessages(target.modelId(), bytes, authorization, beta).map(Answer.Complete::new);
    }

    // --- OpenAI-format target: translated both ways ---

    private Uni<Answer> translated(ObjectNode body, boolean stream, Target target, UpstreamClient client,
                                   String authorization) {
        ProviderKind kind = target.upstream().kind();
        Buffer bytes;
        try {
            bytes = Buffer.buffer(AnthropicToOpenAiRequest.translate(body, target.modelId(),
                    kind == ProviderKind.OPENAI || kind == ProviderKind.AZURE_OPENAI).toString());
        } catch (TranslationException e) {
            // A request this provider's format cannot carry: a caller fault, relayed as is, never a fallback.
            return Uni.createFrom().item(new Answer.Complete(
                    anthropicError(400, AnthropicErrors.envelope("invalid_request_error", e.getMessage()), Map.of())));
        }
        if (stream) {
            return client.openStream(target.modelId(), bytes, authorization)
                    .flatMap(upstream -> SseStreamHead.open(upstream, target.displayName(),
                            StreamTransform.translating(new OpenAiToAnthropicStream()), this::translateError));
        }
        return client.complete(target.modelId(), bytes, authorization)
                .map(reply -> new Answer.Complete(reply.isSuccess() ? translate(reply) : translateError(reply)));
    }

    private UpstreamReply translate(UpstreamReply reply) {
        JsonNode answer = readJson(reply.body());
        if (answer == null || !answer.isObject()) {
            return anthropicError(502, AnthropicErrors.envelope("api_error",
                    "The provider answered with a body that is not a chat completion"), reply.headers());
        }
        return anthropicReply(200, OpenAiToAnthropicResponse.translate(answer), reply.headers());
    }

    /** An OpenAI error answer in Anthropic's envelope, keeping its status (and rate-limit and retry headers). */
    private UpstreamReply translateError(UpstreamReply reply) {
        int status = reply.status() >= 400 ? reply.status() : 502;
        return anthropicError(status, OpenAiToAnthropicResponse.error(reply.status(), readJson(reply.body())),
                reply.headers());
    }

    private static UpstreamReply anthropicError(int status, JsonNode envelope, Map<String, List<String>> headers) {
        return anthropicReply(status, envelope, headers);
    }

    private static UpstreamReply anthropicReply(int status, JsonNode body, Map<String, List<String>> headers) {
        Map<String, List<String>> result = new TreeMap<>(headers);
        result.put("content-type", List.of("application/json"));
        result.remove("content-length");
        return new UpstreamReply(status, result, Buffer.buffer(body.toString()));
    }

    private JsonNode readJson(Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
