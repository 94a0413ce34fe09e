package dev.moniker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.wire.GatewayError;
import dev.moniker.attempt.Answer;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.provider.UpstreamReply;
import dev.moniker.routing.Target;
import dev.moniker.translate.AnthropicToOpenAiResponse;
import dev.moniker.translate.AnthropicToOpenAiStream;
import dev.moniker.translate.OpenAiToAnthropicRequest;
import dev.moniker.translate.TranslationException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * One attempt of an OpenAI chat-completions request at an Anthropic-format provider: the request is translated to
 * Anthropic Messages, and the answer, error or stream back to OpenAI's format, so the client never sees the
 * difference and the attempt loop classifies it like any other answer.
 */
@ApplicationScoped
public class OpenAiOverAnthropic {

    private final ObjectMapper mapper;
    private final int defaultMaxTokens;
    private final Clock clock = Clock.systemUTC();

    OpenAiOverAnthropic(ObjectMapper mapper,
                        @ConfigProperty(name = "moniker.anthropic.default-max-tokens", defaultValue = "4096")
                        int defaultMaxTokens) {
        this.mapper = mapper;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    Uni<Answer> call(ChatRequest chat, Target target, UpstreamClient client, String authorization, String beta) {
        Buffer body;
        try {
            body = Buffer.buffer(mapper.writeValueAsBytes(
                    OpenAiToAnthropicRequest.translate(chat.body(), target.modelId(), defaultMaxTokens)));
        } catch (TranslationException e) {
            // The caller asked for something Claude cannot do: a caller fault, relayed as is, never a fallback.
            return Uni.createFrom().item(complete(GatewayError.invalidRequest(e.param(), e.getMessage()), Map.of()));
        } catch (IOException e) {
            return Uni.createFrom().failure(e);
        }
        long created = clock.instant().getEpochSecond();
        if (chat.stream()) {
            boolean includeUsage = chat.body().path("stream_options").path("include_usage").asBoolean(false);
            return client.openMessagesStream(target.modelId(), body, authorization, beta)
                    .flatMap(upstream -> SseStreamHead.open(upstream, target.displayName(),
                            StreamTransform.translating(new AnthropicToOpenAiStream(includeUsage, created)),
                            this::translateError));
        }
        return client.completeMessages(target.modelId(), body, authorization, beta)
                .map(reply -> new Answer.Complete(reply.isSuccess() ? translate(reply, created) : translateError(reply)));
    }

    private UpstreamReply translate(UpstreamReply reply, long created) {
        JsonNode answer = readJson(reply.body());
        if (answer == null || !answer.isObject()) {
            return complete(new GatewayError(502, "api_error", "bad_provider_response", null,
                    "The provider answered with a body that is not an Anthropic message"), reply.headers()).reply();
        }
        return new UpstreamReply(200, jsonHeaders(reply.headers()),
                Buffer.buffer(AnthropicToOpenAiResponse.translate(answer, created).toString()));
    }

    /** An Anthropic error answer in OpenAI's envelope (529 becomes 503); rate-limit and retry headers are kept. */
    private UpstreamReply translateError(UpstreamReply reply) {
        return complete(AnthropicToOpenAiResponse.error(reply.status(), readJson(reply.body())), reply.headers()).reply();
    }

    private static Answer.Complete complete(GatewayError error, Map<String, List<String>> headers) {
        return new Answer.Complete(new UpstreamReply(error.status(), jsonHeaders(headers), error.toBuffer()));
    }

    private static Map<String, List<String>> jsonHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new java.util.TreeMap<>(headers);
        result.put("content-type", List.of("application/json"));
        result.remove("content-length");
        return result;
    }

    private JsonNode readJson(Buffer body) {
        try {
            return body == null || body.length() == 0 ? null : mapper.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }
}
