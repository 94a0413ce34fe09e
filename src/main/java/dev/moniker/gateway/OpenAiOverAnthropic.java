package dev.moniker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.api.OpenAiError;
import dev.moniker.provider.UpstreamClient;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.provider.UpstreamFailure;
import dev.moniker.provider.UpstreamReply;
import dev.moniker.routing.Route;
import dev.moniker.translate.AnthropicToOpenAiResponse;
import dev.moniker.translate.AnthropicToOpenAiStream;
import dev.moniker.translate.OpenAiToAnthropicRequest;
import dev.moniker.translate.SseParser;
import dev.moniker.translate.TranslationException;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;

/**
 * An OpenAI chat-completions request served by an Anthropic-format provider: the request is translated to
 * Anthropic Messages, and the answer or stream back to OpenAI's format, so the client never sees the difference.
 */
@ApplicationScoped
public class OpenAiOverAnthropic {

    private static final Logger LOG = Logger.getLogger(OpenAiOverAnthropic.class);

    private final UpstreamClients clients;
    private final ObjectMapper mapper;
    private final int defaultMaxTokens;
    private final Clock clock = Clock.systemUTC();

    OpenAiOverAnthropic(UpstreamClients clients, ObjectMapper mapper,
                        @ConfigProperty(name = "moniker.anthropic.default-max-tokens", defaultValue = "4096")
                        int defaultMaxTokens) {
        this.clients = clients;
        this.mapper = mapper;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    Cancellable handle(ChatRequest chat, Route route, HttpServerRequest request) {
        HttpServerResponse response = request.response();
        Buffer body;
        try {
            body = Buffer.buffer(mapper.writeValueAsBytes(
                    OpenAiToAnthropicRequest.translate(chat.body(), route.target().modelId(), defaultMaxTokens)));
        } catch (TranslationException e) {
            ResponseWriter.error(response, OpenAiError.invalidRequest(e.param(), e.getMessage()));
            return () -> { };
        } catch (IOException e) {
            ResponseWriter.error(response, new OpenAiError(500, "api_error", "internal_error", null,
                    "Internal gateway error"));
            return () -> { };
        }
        String authorization = request.getHeader("Authorization");
        String beta = request.getHeader("anthropic-beta");
        UpstreamClient client = clients.client(route.target().upstream());
        long created = clock.instant().getEpochSecond();
        if (chat.stream()) {
            boolean includeUsage = chat.body().path("stream_options").path("include_usage").asBoolean(false);
            StreamCancellation cancellation = new StreamCancellation();
            return cancellation.opening(client.openMessagesStream(route.target(), body, authorization, beta).subscribe().with(
                    upstream -> {
                        if (cancellation.attach(upstream)) {
                            relayStream(response, route, upstream, new AnthropicToOpenAiStream(includeUsage, created));
                        }
                    },
                    failure -> ResponseWriter.error(response, OpenAiChatGateway.transportError(failure))));
        }
        return client.completeMessages(route.target(), body, authorization, beta).subscribe().with(
                reply -> reply(response, route, reply, created),
                failure -> ResponseWriter.error(response, OpenAiChatGateway.transportError(failure)));
    }

    private void reply(HttpServerResponse response, Route route, UpstreamReply reply, long created) {
        JsonNode answer = readJson(reply.body());
        if (!reply.isSuccess() || answer == null || !answer.isObject()) {
            ResponseWriter.error(response, providerError(route, reply.status(), answer));
            return;
        }
        Buffer translated = Buffer.buffer(AnthropicToOpenAiResponse.translate(answer, created).toString());
        ResponseWriter.reply(response, route, new UpstreamReply(200, reply.headers(), translated));
    }

    private OpenAiError providerError(Route route, int status, JsonNode answer) {
        LOG.debugf("provider %s answered HTTP %d", route.target().displayName(), status);
        if (status >= 200 && status < 300) {
            return new OpenAiError(502, "api_error", "bad_provider_response", null,
                    "The provider answered with a body that is not an Anthropic message");
        }
        return AnthropicToOpenAiResponse.error(status, answer);
    }

    private void relayStream(HttpServerResponse response, Route route, HttpClientResponse upstream,
                             AnthropicToOpenAiStream translator) {
        if (upstream.statusCode() < 200 || upstream.statusCode() >= 300) {
            upstream.body().onComplete(body -> ResponseWriter.error(response,
                    providerError(route, upstream.statusCode(), body.succeeded() ? readJson(body.result()) : null)));
            upstream.resume();
            return;
        }
        SseParser parser = new SseParser();
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
        upstream.endHandler(end -> {
            if (!translator.completed() && !translator.failed()) {
                LOG.warnf("stream from %s ended without message_stop", route.target().displayName());
            }
            endWith(response, translator.onEnd());
        });
        upstream.resume();
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
}
