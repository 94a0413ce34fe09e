package dev.moniker.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.api.OpenAiError;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.provider.UpstreamReply;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request path of {@code POST /v1/chat/completions}, top to bottom: parse and check the request, resolve the
 * model (alias, provider model, default), call the provider, and relay its answer or stream, or one clear error in
 * OpenAI's envelope. Runs on the Vert.x event loop and never blocks.
 */
@ApplicationScoped
public class OpenAiChatGateway {

    private static final Logger LOG = Logger.getLogger(OpenAiChatGateway.class);

    private final RoutingTable routes;
    private final UpstreamClients clients;
    private final ObjectMapper mapper;

    OpenAiChatGateway(GatewayConfig config, UpstreamClients clients, ObjectMapper mapper) {
        this.routes = config.routingTable();
        this.clients = clients;
        this.mapper = mapper;
    }

    public void handle(byte[] rawBody, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        ChatRequest chat;
        Route route;
        try {
            chat = ChatRequest.parse(mapper, rawBody);
            route = resolve(chat.model());
        } catch (ChatRequest.Rejected rejected) {
            ResponseWriter.error(response, rejected.error());
            return;
        }
        Buffer upstreamBody = chat.forUpstream(route.target().modelId());
        String authorization = request.getHeader("Authorization");
        var client = clients.client(route.target().upstream());
        if (chat.stream()) {
            client.openStream(route.target(), upstreamBody, authorization).subscribe().with(
                    upstream -> relayStream(response, route, upstream),
                    failure -> ResponseWriter.error(response, transportError(failure)));
        } else {
            var pending = client.complete(route.target(), upstreamBody, authorization).subscribe().with(
                    reply -> ResponseWriter.reply(response, route, reply),
                    failure -> ResponseWriter.error(response, transportError(failure)));
            // A caller that goes away cancels the provider call: nobody would read the answer.
            response.closeHandler(closed -> pending.cancel());
        }
    }

    private Route resolve(String model) {
        RoutingTable.Resolution resolution = routes.resolve(model);
        if (resolution.route().isPresent()) {
            return resolution.route().get();
        }
        throw new ChatRequest.Rejected(switch (resolution.miss()) {
            case NO_DEFAULT -> OpenAiError.invalidRequest("model",
                    "Missing required parameter: 'model' (no default model is configured)");
            case AMBIGUOUS -> OpenAiError.invalidRequest("model", "The model '" + model + "' is ambiguous: it is "
                    + "configured at " + String.join(" and ", resolution.candidates()) + "; use provider/model");
            case NOT_FOUND -> OpenAiError.modelNotFound(model);
        });
    }

    private void relayStream(HttpServerResponse response, Route route, HttpClientResponse upstream) {
        if (upstream.statusCode() < 200 || upstream.statusCode() >= 300) {
            // An error answer to a streaming request is a JSON body: relay it as the error it is.
            upstream.body().onComplete(body -> ResponseWriter.reply(response, route,
                    new UpstreamReply(upstream.statusCode(), headers(upstream),
                            body.succeeded() ? body.result() : Buffer.buffer())));
            upstream.resume();
            return;
        }
        if (response.closed() || response.ended() || response.headWritten()) {
            // The caller left while the provider was answering: free the pooled connection instead of leaving
            // the paused stream holding it.
            upstream.request().reset();
            return;
        }
        SseTerminatorWatch terminator = new SseTerminatorWatch();
        StreamRelay relay = new StreamRelay(response);
        ResponseWriter.startStream(response, route, upstream.getHeader("content-type"));
        response.closeHandler(closed -> upstream.request().reset());
        upstream.handler(chunk -> {
            terminator.accept(chunk);
            relay.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(drained -> upstream.resume());
            }
        });
        upstream.exceptionHandler(error -> {
            relay.flush();
            ResponseWriter.endStreamWithError(response, "The provider stream failed: "
                    + UpstreamFailure.from(error, route.target().upstream().id()).getMessage());
        });
        upstream.endHandler(end -> {
            relay.flush();
            if (terminator.seen()) {
                response.end();
            } else {
                LOG.warnf("stream from %s ended without [DONE]", route.target().displayName());
                ResponseWriter.endStreamWithError(response, "The provider stream ended before it was complete");
            }
        });
        upstream.resume();
    }

    private static Map<String, List<String>> headers(HttpClientResponse upstream) {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        upstream.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new java.util.ArrayList<>()).add(e.getValue()));
        return headers;
    }

    static OpenAiError transportError(Throwable failure) {
        if (failure instanceof UpstreamFailure upstream) {
            // The cause may name an internal address: it goes to the operator's log, never to the client.
            LOG.warnf("%s: %s", upstream.getMessage(), upstream.getCause());
            return upstream.kind() == UpstreamFailure.Kind.TIMEOUT
                    ? new OpenAiError(504, "api_error", "upstream_timeout", null, upstream.getMessage())
                    : new OpenAiError(502, "api_error", "upstream_unavailable", null, upstream.getMessage());
        }
        LOG.error("unexpected failure on the request path", failure);
        return new OpenAiError(500, "api_error", "internal_error", null, "Internal gateway error");
    }
}
