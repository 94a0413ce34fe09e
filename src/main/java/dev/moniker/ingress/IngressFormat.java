package dev.moniker.ingress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.provider.CallerHeaders;
import dev.moniker.routing.RoutingTable;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.Operation;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Everything the one request path ({@link IngressPipeline}) needs to know about the API a caller speaks: how its
 * requests are judged and its errors worded, which of its headers reach a provider, and how an error is written in
 * its envelope, as a JSON body or as the event that ends a stream. Nothing else in the path depends on the caller's
 * API.
 */
public interface IngressFormat {

    IngressFormat OPENAI = new OpenAiIngress();
    IngressFormat ANTHROPIC = new AnthropicIngress();
    IngressFormat EMBEDDINGS = new EmbeddingsIngress();
    IngressFormat COMPLETIONS = new CompletionsIngress();
    IngressFormat COUNT_TOKENS = new CountTokensIngress();
    IngressFormat RESPONSES = new ResponsesIngress();

    WireFormat wire();

    /** The endpoint of the caller's API this format serves. */
    default Operation operation() {
        return Operation.CHAT;
    }

    /**
     * The OpenTelemetry GenAI {@code gen_ai.operation.name} of this endpoint's requests: {@code chat} (chat
     * completions, messages, the Responses API), {@code embeddings}, {@code text_completion}, {@code count_tokens}.
     */
    default String genAiOperation() {
        return switch (operation()) {
            case CHAT, RESPONSES -> "chat";
            case EMBEDDINGS -> "embeddings";
            case COMPLETIONS -> "text_completion";
            case COUNT_TOKENS -> "count_tokens";
        };
    }

    /** Names the endpoint in access logs: {@code openai}, {@code anthropic}, {@code openai.embeddings}, ... */
    String api();

    /**
     * Whether an answer can be text the gateway writes itself (a guard's {@code on_exception} message); where it
     * cannot (embeddings, token counts), such a stage answer becomes a refusal carrying the message.
     */
    default boolean carriesReplies() {
        return true;
    }

    /** Whether this endpoint streams at all; where it does not, {@code "stream": true} is refused. */
    default boolean streams() {
        return true;
    }

    /** The body could not be read as a JSON object. */
    GatewayError malformed(RequestDocument.Malformed malformed);

    /** How this API words the gateway's own refusals. */
    Wording wording();

    /** A body that is a JSON object but not a valid request, in this API's words; {@code null} when it is valid. */
    default GatewayError check(RequestDocument.Shape shape) {
        GatewayError invalid = wording().check(shape);
        if (invalid == null && !streams() && shape.stream() == RequestDocument.Kind.BOOLEAN_TRUE) {
            return GatewayError.invalidRequest("stream", "This endpoint does not stream; leave 'stream' out");
        }
        return invalid;
    }

    /** A model that resolved to nothing, in this API's words. */
    default GatewayError miss(RoutingTable.Resolution resolution, String requested) {
        return wording().miss(resolution, requested);
    }

    /** The client key the caller presented ({@code Authorization: Bearer}, and for Anthropic {@code x-api-key}). */
    String presentedKey(HttpServerRequest request);

    /** The caller's headers that may reach a provider. */
    CallerHeaders callerHeaders(HttpServerRequest request);

    /** The caller's user id, for {@code sticky_by: user}; {@code null} when it sent none. */
    String user(RequestDocument request);

    /** An error as this API's JSON error body. */
    Buffer errorBody(GatewayError error);

    /** An error as the event that ends this API's stream. */
    Buffer errorEvent(GatewayError error);

    /** An answer the gateway gives itself, without a provider call: a complete answer, or its whole stream. */
    String reply(String model, String text, boolean stream);

    RequestView requestView(ObjectNode body);

    AnswerView answerView(ObjectNode answer);

    /** The views of one stream's events (made per stream: a format may number its events). */
    java.util.function.Function<SseParser.Event, StreamEventView> eventViews();
}
