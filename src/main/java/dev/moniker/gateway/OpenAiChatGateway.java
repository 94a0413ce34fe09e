package dev.moniker.gateway;

import dev.moniker.runtime.Routing;
import dev.moniker.runtime.GatewayConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.wire.GatewayError;
import dev.moniker.attempt.Answer;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.RequestFacts;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.routing.Route;
import dev.moniker.routing.RoutingTable;
import dev.moniker.routing.Target;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The request path of {@code POST /v1/chat/completions}, top to bottom: parse and check the request, resolve the
 * model (alias, provider model, default), run its attempt plan ({@link AttemptLoop}: target, fallbacks, splits,
 * pools), each attempt in the provider's wire format, and relay the answer or stream that won, or one clear error
 * in OpenAI's envelope. Runs on the Vert.x event loop and never blocks.
 */
@ApplicationScoped
public class OpenAiChatGateway {

    private final RoutingTable routes;
    private final UpstreamClients clients;
    private final Routing routing;
    private final ObjectMapper mapper;
    private final OpenAiOverAnthropic anthropic;

    OpenAiChatGateway(GatewayConfig config, UpstreamClients clients, Routing routing, ObjectMapper mapper,
                      OpenAiOverAnthropic anthropic) {
        this.routes = config.routingTable();
        this.clients = clients;
        this.routing = routing;
        this.mapper = mapper;
        this.anthropic = anthropic;
    }

    /**
     * Serves one request, writing the response. Returns a handle that cancels the attempt in flight, or the stream
     * being relayed, for when the caller goes away.
     */
    public Cancellable handle(byte[] rawBody, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        ChatRequest chat;
        Route route;
        try {
            chat = ChatRequest.parse(mapper, rawBody);
            route = resolve(chat.model());
        } catch (ChatRequest.Rejected rejected) {
            ResponseWriter.error(response, rejected.error());
            return Outcomes.NOTHING_TO_CANCEL;
        }
        String authorization = request.getHeader("Authorization");
        String beta = request.getHeader("anthropic-beta");
        RequestFacts facts = RequestFacts.lazy(() -> user(chat), request::getHeader);
        return Outcomes.serve(routing, routes, route, facts, target -> call(chat, target, authorization, beta),
                response, Outcomes.OPENAI);
    }

    /** One attempt: call this target in its wire format; its reply, or its stream head once the first chunk came. */
    private Uni<Answer> call(ChatRequest chat, Target target, String authorization, String beta) {
        UpstreamClient client = clients.client(target.upstream());
        return switch (target.upstream().kind().wireFormat()) {
            case OPENAI -> callOpenAi(chat, target, client, authorization);
            case ANTHROPIC -> anthropic.call(chat, target, client, authorization, beta);
        };
    }

    private static Uni<Answer> callOpenAi(ChatRequest chat, Target target, UpstreamClient client, String authorization) {
        Buffer upstreamBody = chat.forUpstream(target.modelId());
        if (chat.stream()) {
            return client.openStream(target.modelId(), upstreamBody, authorization)
                    .flatMap(upstream -> SseStreamHead.open(upstream, target.displayName(),
                            StreamTransform.openAiPassThrough(), reply -> reply));
        }
        return client.complete(target.modelId(), upstreamBody, authorization).map(Answer.Complete::new);
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
            case NO_DEFAULT -> GatewayError.invalidRequest("model",
                    "Missing required parameter: 'model' (no default model is configured)");
            case AMBIGUOUS -> GatewayError.invalidRequest("model", "The model '" + model + "' is ambiguous: it is "
                    + "configured at " + String.join(" and ", resolution.candidates()) + "; use provider/model");
            case NOT_FOUND -> GatewayError.modelNotFound(model);
        });
    }
}
