package dev.moniker.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.api.OpenAiError;
import dev.moniker.attempt.Answer;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.attempt.StreamHead;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The request path of {@code POST /v1/chat/completions}, top to bottom: parse and check the request, resolve the
 * model (alias, provider model, default), run its attempt plan ({@link AttemptLoop}: target, fallbacks, splits,
 * pools), and relay the answer or stream that won, or one clear error in OpenAI's envelope. Runs on the Vert.x
 * event loop and never blocks.
 */
@ApplicationScoped
public class OpenAiChatGateway {

    private static final Logger LOG = Logger.getLogger(OpenAiChatGateway.class);

    private final RoutingTable routes;
    private final UpstreamClients clients;
    private final Routing routing;
    private final ObjectMapper mapper;

    OpenAiChatGateway(GatewayConfig config, UpstreamClients clients, Routing routing, ObjectMapper mapper) {
        this.routes = config.routingTable();
        this.clients = clients;
        this.routing = routing;
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
        String authorization = request.getHeader("Authorization");
        RequestFacts facts = new RequestFacts(user(chat), request::getHeader);
        var pending = routing.loop().run(routes.plan(route), facts, target -> call(chat, target, authorization))
                .subscribe().with(
                        outcome -> write(response, route, outcome),
                        failure -> ResponseWriter.error(response, transportError(failure)));
        // A caller that goes away cancels the attempt in flight: nobody would read the answer.
        response.closeHandler(closed -> pending.cancel());
    }

    /** One attempt: call this target, get its reply, or its stream head once the first chunk arrived. */
    private Uni<Answer> call(ChatRequest chat, Target target, String authorization) {
        Buffer upstreamBody = chat.forUpstream(target.modelId());
        UpstreamClient client = clients.client(target.upstream());
        if (chat.stream()) {
            return client.openStream(target, upstreamBody, authorization)
                    .flatMap(upstream -> SseStreamHead.open(upstream, target.upstream().id()));
        }
        return client.complete(target, upstreamBody, authorization).map(Answer.Complete::new);
    }

    private void write(HttpServerResponse response, Route route, AttemptLoop.Outcome outcome) {
        ResponseWriter.attempts(response, outcome.attempts());
        switch (outcome) {
            case AttemptLoop.Outcome.Served served -> {
                Route servedBy = new Route(route.requested(), route.alias(), served.choice().target());
                switch (served.answer()) {
                    case Answer.Complete complete -> ResponseWriter.reply(response, servedBy, complete.reply());
                    case Answer.Streaming streaming -> relayStream(response, servedBy, streaming.head());
                }
            }
            case AttemptLoop.Outcome.Failed failed -> {
                if (failed.relayAsIs()) {
                    ResponseWriter.reply(response, new Route(route.requested(), route.alias(), failed.lastTarget()),
                            failed.last().reply().get());
                } else {
                    LOG.warnf("%s: %s", route.alias().orElse(route.target().displayName()), failed.summary());
                    failed.last().retryAfter().ifPresent(after ->
                            response.putHeader("retry-after", Long.toString(after.toSeconds())));
                    ResponseWriter.error(response, allFailed(failed));
                }
            }
        }
    }

    private static OpenAiError allFailed(AttemptLoop.Outcome.Failed failed) {
        String code = failed.attempts().size() > 1 ? "all_attempts_failed" : switch (failed.last().condition()) {
            case TIMEOUT -> "upstream_timeout";
            case UNAVAILABLE -> "upstream_unavailable";
            default -> "upstream_error";
        };
        String type = failed.status() == 429 ? "rate_limit_error" : "api_error";
        return new OpenAiError(failed.status(), type, code, null, failed.summary());
    }

    private static String user(ChatRequest chat) {
        var user = chat.body().get("user");
        return user != null && user.isTextual() ? user.asText() : null;
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

    /** Commits to the attempt that produced a first chunk and relays the stream; a later failure ends it with an error event. */
    private void relayStream(HttpServerResponse response, Route route, StreamHead upstream) {
        SseTerminatorWatch terminator = new SseTerminatorWatch();
        ResponseWriter.startStream(response, route, upstream.contentType());
        response.closeHandler(closed -> upstream.cancel());
        Handler<Buffer> relay = chunk -> {
            terminator.accept(chunk);
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(drained -> upstream.resume());
            }
        };
        relay.handle(upstream.firstChunk());
        upstream.relay(relay,
                error -> ResponseWriter.endStreamWithError(response, "The provider stream failed: "
                        + UpstreamFailure.from(error, route.target().upstream().id()).getMessage()),
                () -> {
                    if (terminator.seen()) {
                        response.end();
                    } else {
                        LOG.warnf("stream from %s ended without [DONE]", route.target().displayName());
                        ResponseWriter.endStreamWithError(response, "The provider stream ended before it was complete");
                    }
                });
        upstream.resume();
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
