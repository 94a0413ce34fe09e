package dev.moniker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.provider.UpstreamReply;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import dev.moniker.translate.AnthropicErrors;
import dev.moniker.translate.AnthropicToOpenAiRequest;
import dev.moniker.translate.OpenAiToAnthropicResponse;
import dev.moniker.translate.OpenAiToAnthropicStream;
import dev.moniker.translate.SseParser;
import dev.moniker.translate.TranslationException;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request path of {@code POST /v1/messages} (Anthropic SDK clients), for every alias. An Anthropic-format
 * target gets the request with only {@code model} rewritten and its answer or stream is relayed byte for byte; an
 * OpenAI-format target gets the request translated, and its answer or stream is translated back. Errors are in
 * Anthropic's envelope. Runs on the Vert.x event loop and never blocks.
 */
@ApplicationScoped
public class AnthropicMessagesGateway {

    private static final Logger LOG = Logger.getLogger(AnthropicMessagesGateway.class);

    private final RoutingTable routes;
    private final UpstreamClients clients;
    private final ObjectMapper mapper;

    AnthropicMessagesGateway(GatewayConfig config, UpstreamClients clients, ObjectMapper mapper) {
        this.routes = config.routingTable();
        this.clients = clients;
        this.mapper = mapper;
    }

    /** A request refused before any upstream call, with its Anthropic error. */
    private static final class Refused extends RuntimeException {
        final int status;
        final String type;

        Refused(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
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
            error(response, refused.status, refused.type, refused.getMessage());
            return NOTHING_TO_CANCEL;
        }
        boolean stream = body.path("stream").asBoolean(false);
        String authorization = clientAuthorization(request);
        UpstreamClient client = clients.client(route.target().upstream());
        return switch (route.target().upstream().kind().wireFormat()) {
            case ANTHROPIC -> passThrough(body, route, stream, client, authorization,
                    request.getHeader("anthropic-beta"), response);
            case OPENAI -> translated(body, route, stream, client, authorization, response);
        };
    }

    private static final Cancellable NOTHING_TO_CANCEL = () -> { };

    private ObjectNode parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new Refused(400, "invalid_request_error", "The request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (IOException e) {
            throw new Refused(400, "invalid_request_error", "The request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode body)) {
            throw new Refused(400, "invalid_request_error", "The request body must be a JSON object");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new Refused(400, "invalid_request_error", "messages: expected a non-empty array of messages");
        }
        JsonNode model = body.get("model");
        if (model != null && !model.isNull() && (!model.isTextual() || model.asText().isBlank())) {
            throw new Refused(400, "invalid_request_error", "model: expected a model name");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new Refused(400, "invalid_request_error", "stream: expected a boolean");
        }
        return body;
    }

    private Route resolve(String model) {
        RoutingTable.Resolution resolution = routes.resolve(model);
        if (resolution.route().isPresent()) {
            return resolution.route().get();
        }
        throw switch (resolution.miss()) {
            case NO_DEFAULT -> new Refused(400, "invalid_request_error", "model: field required (no default model "
                    + "is configured)");
            case AMBIGUOUS -> new Refused(400, "invalid_request_error", "model: '" + model + "' is ambiguous: it is "
                    + "configured at " + String.join(" and ", resolution.candidates()) + "; use provider/model");
            case NOT_FOUND -> new Refused(404, "not_found_error", "model: " + model);
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

    private Cancellable passThrough(ObjectNode body, Route route, boolean stream, UpstreamClient client,
                             String authorization, String beta, HttpServerResponse response) {
        ObjectNode upstreamBody = body.deepCopy();
        upstreamBody.put("model", route.target().modelId());
        Buffer bytes = Buffer.buffer(upstreamBody.toString());
        if (stream) {
            StreamCancellation cancellation = new StreamCancellation();
            return cancellation.opening(client.openMessagesStream(route.target(), bytes, authorization, beta).subscribe().with(
                    upstream -> {
                        if (cancellation.attach(upstream)) {
                            relayAnthropicStream(response, route, upstream);
                        }
                    },
                    failure -> transportError(response, failure)));
        }
        return client.completeMessages(route.target(), bytes, authorization, beta).subscribe().with(
                reply -> ResponseWriter.reply(response, route, reply),
                failure -> transportError(response, failure));
    }

    private void relayAnthropicStream(HttpServerResponse response, Route route, HttpClientResponse upstream) {
        if (upstream.statusCode() < 200 || upstream.statusCode() >= 300) {
            upstream.body().onComplete(body -> ResponseWriter.reply(response, route,
                    new UpstreamReply(upstream.statusCode(), headers(upstream),
                            body.succeeded() ? body.result() : Buffer.buffer())));
            upstream.resume();
            return;
        }
        // The bytes are relayed as they come; a parser on the side only watches for the stream's last event.
        SseParser watch = new SseParser();
        boolean[] ended = new boolean[1];
        ResponseWriter.startStream(response, route, upstream.getHeader("content-type"));
        upstream.handler(chunk -> {
            for (SseParser.Event event : watch.feed(chunk.getBytes())) {
                if ("message_stop".equals(event.name()) || "error".equals(event.name())) {
                    ended[0] = true;
                }
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(drained -> upstream.resume());
            }
        });
        upstream.exceptionHandler(error -> endStreamWithError(response, "The provider stream failed: "
                + UpstreamFailure.describe(error, route.target().displayName())));
        upstream.endHandler(end -> {
            if (ended[0]) {
                response.end();
            } else {
                LOG.warnf("stream from %s ended without message_stop", route.target().displayName());
                endStreamWithError(response, "The provider stream ended before it was complete");
            }
        });
        upstream.resume();
    }

    // --- OpenAI-format target: translated both ways ---

    private Cancellable translated(ObjectNode body, Route route, boolean stream, UpstreamClient client,
                            String authorization, HttpServerResponse response) {
        ProviderKind kind = route.target().upstream().kind();
        Buffer bytes;
        try {
            bytes = Buffer.buffer(AnthropicToOpenAiRequest.translate(body, route.target().modelId(),
                    kind == ProviderKind.OPENAI || kind == ProviderKind.AZURE_OPENAI).toString());
        } catch (TranslationException e) {
            error(response, 400, "invalid_request_error", e.getMessage());
            return NOTHING_TO_CANCEL;
        }
        if (stream) {
            StreamCancellation cancellation = new StreamCancellation();
            return cancellation.opening(client.openStream(route.target(), bytes, authorization).subscribe().with(
                    upstream -> {
                        if (cancellation.attach(upstream)) {
                            relayOpenAiStream(response, route, upstream);
                        }
                    },
                    failure -> transportError(response, failure)));
        }
        return client.complete(route.target(), bytes, authorization).subscribe().with(
                reply -> translateReply(response, route, reply),
                failure -> transportError(response, failure));
    }

    private void translateReply(HttpServerResponse response, Route route, UpstreamReply reply) {
        JsonNode answer = readJson(reply.body());
        if (!reply.isSuccess()) {
            ObjectNode error = OpenAiToAnthropicResponse.error(reply.status(), answer);
            write(response, reply.status() >= 400 ? reply.status() : 502, error);
            return;
        }
        if (answer == null || !answer.isObject()) {
            error(response, 502, "api_error", "The provider answered with a body that is not a chat completion");
            return;
        }
        Buffer translated = Buffer.buffer(OpenAiToAnthropicResponse.translate(answer).toString());
        ResponseWriter.reply(response, route, new UpstreamReply(200, reply.headers(), translated));
    }

    private void relayOpenAiStream(HttpServerResponse response, Route route, HttpClientResponse upstream) {
        if (upstream.statusCode() < 200 || upstream.statusCode() >= 300) {
            int status = upstream.statusCode();
            upstream.body().onComplete(body -> write(response, status >= 400 ? status : 502,
                    OpenAiToAnthropicResponse.error(status, body.succeeded() ? readJson(body.result()) : null)));
            upstream.resume();
            return;
        }
        SseParser parser = new SseParser();
        OpenAiToAnthropicStream translator = new OpenAiToAnthropicStream();
        ResponseWriter.startStream(response, route, "text/event-stream");
        upstream.handler(chunk -> {
            if (response.ended()) {
                return;
            }
            for (SseParser.Event event : parser.feed(chunk.getBytes())) {
                String out = translator.onEvent(event);
                if (!out.isEmpty()) {
                    response.write(out);
                }
                if (translator.completed() || translator.failed()) {
                    response.end();
                    return;
                }
            }
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(drained -> upstream.resume());
            }
        });
        upstream.exceptionHandler(error -> endWith(response, translator.fail("The provider stream failed: "
                + UpstreamFailure.describe(error, route.target().displayName()))));
        upstream.endHandler(end -> endWith(response, translator.onEnd()));
        upstream.resume();
    }

    // --- writing ---

    private static void transportError(HttpServerResponse response, Throwable failure) {
        if (failure instanceof UpstreamFailure upstream) {
            LOG.warnf("%s: %s", upstream.getMessage(), upstream.getCause());
            error(response, upstream.kind() == UpstreamFailure.Kind.TIMEOUT ? 504 : 502, "api_error",
                    upstream.getMessage());
        } else {
            LOG.error("unexpected failure on the request path", failure);
            error(response, 500, "api_error", "Internal gateway error");
        }
    }

    static void error(HttpServerResponse response, int status, String type, String message) {
        write(response, status, AnthropicErrors.envelope(type, message));
    }

    private static void write(HttpServerResponse response, int status, JsonNode body) {
        if (response.closed() || response.ended()) {
            return;
        }
        response.setStatusCode(status);
        response.putHeader("content-type", "application/json");
        response.end(body.toString());
    }

    private static void endStreamWithError(HttpServerResponse response, String message) {
        endWith(response, "event: error\ndata: " + AnthropicErrors.envelope("api_error", message) + "\n\n");
    }

    private static void endWith(HttpServerResponse response, String text) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.end(text);
    }

    private JsonNode readJson(Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, List<String>> headers(HttpClientResponse upstream) {
        Map<String, List<String>> headers = new TreeMap<>();
        upstream.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new java.util.ArrayList<>()).add(e.getValue()));
        return headers;
    }
}
