package dev.moniker.provider;

import dev.moniker.routing.Target;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connection to one configured provider entry, in the entry's wire format.
 *
 * <p>Complete answers go through the entry's typed REST client ({@link OpenAiRestApi} or
 * {@link AnthropicRestApi}, whichever the entry speaks). Streams go through the
 * shared Vert.x HTTP client instead, because the gateway relays the provider's Server-Sent Events byte for byte:
 * the REST client's {@code Multi} support parses SSE into events and treats a connection closed mid-stream as the
 * end of the stream, which would turn a cut stream into a silent, truncated success.
 */
public final class UpstreamClient {

    private static final Logger LOG = Logger.getLogger(UpstreamClient.class);

    private final Upstream upstream;
    /** Set for OpenAI-format entries only. */
    private final OpenAiRestApi rest;
    /** Set for Anthropic-format entries only. */
    private final AnthropicRestApi anthropicRest;
    private final EventLoopClients streams;
    private final Map<String, String> fixedHeaders;
    private final Duration readTimeout;

    UpstreamClient(Upstream upstream, EventLoopClients streams, Duration connectTimeout, Duration readTimeout,
                   String anthropicVersion) {
        this.upstream = upstream;
        this.streams = streams;
        this.readTimeout = readTimeout;
        this.fixedHeaders = ProviderHeaders.of(upstream, anthropicVersion);
        // One typed REST client, for the wire format this entry speaks.
        boolean anthropic = upstream.kind().wireFormat() == WireFormat.ANTHROPIC;
        this.rest = anthropic ? null : restClient(OpenAiRestApi.class, connectTimeout);
        this.anthropicRest = anthropic ? restClient(AnthropicRestApi.class, connectTimeout) : null;
    }

    private <T> T restClient(Class<T> api, Duration connectTimeout) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(upstream.endpoint())
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .clientHeadersFactory(new StaticHeaders(fixedHeaders))
                .disableDefaultMapper(true)
                .followRedirects(false)
                .build(api);
    }

    /**
     * Sends a non-streaming Anthropic Messages request ({@code POST {endpoint}/messages}); completes with the
     * provider's answer whatever its status.
     *
     * @param anthropicBeta the caller's {@code anthropic-beta} header, or {@code null}
     */
    public Uni<UpstreamReply> completeMessages(Target target, Buffer body, String clientAuthorization,
                                              String anthropicBeta) {
        if (anthropicRest == null) {
            throw new IllegalStateException("provider entry " + upstream.id() + " does not speak Anthropic Messages");
        }
        String authorization = upstream.passthroughAuth() ? clientAuthorization : null;
        return anthropicRest.messages(body.getBytes(), authorization, anthropicBeta)
                .map(UpstreamClient::reply)
                .onFailure().transform(error -> UpstreamFailure.classify(error, target.displayName()));
    }

    /** Opens a streaming Anthropic Messages request; the response is paused, as for {@link #openStream}. */
    public Uni<HttpClientResponse> openMessagesStream(Target target, Buffer body, String clientAuthorization,
                                                       String anthropicBeta) {
        RequestOptions options = streamOptions(upstream.endpoint() + "/messages", clientAuthorization);
        if (anthropicBeta != null) {
            options.putHeader("anthropic-beta", anthropicBeta);
        }
        return send(options, body, target.displayName());
    }

    public Upstream upstream() {
        return upstream;
    }

    /** Sends a non-streaming request; completes with the provider's answer whatever its status. */
    public Uni<UpstreamReply> complete(Target target, Buffer body, String clientAuthorization) {
        if (rest == null) {
            throw new IllegalStateException("provider entry " + upstream.id() + " does not speak OpenAI chat completions");
        }
        String authorization = upstream.passthroughAuth() ? clientAuthorization : null;
        Uni<Response> call = upstream.kind().deploymentInPath()
                ? rest.azureChatCompletions(target.modelId(), apiVersion(), body.getBytes(), authorization)
                : rest.chatCompletions(body.getBytes(), authorization);
        return call
                .map(UpstreamClient::reply)
                .onFailure().transform(error -> UpstreamFailure.classify(error, target.displayName()));
    }

    /**
     * Opens a streaming request. Completes when the response head arrives; the returned response is paused so
     * the caller can attach its handlers before any byte flows.
     */
    public Uni<HttpClientResponse> openStream(Target target, Buffer body, String clientAuthorization) {
        return send(streamOptions(streamUri(target), clientAuthorization), body, target.displayName());
    }

    private RequestOptions streamOptions(String uri, String clientAuthorization) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri)
                .setIdleTimeout(readTimeout.toMillis())
                .setFollowRedirects(false);
        fixedHeaders.forEach(options::putHeader);
        if (upstream.passthroughAuth() && clientAuthorization != null) {
            options.putHeader("Authorization", clientAuthorization);
        }
        options.putHeader("Content-Type", "application/json");
        options.putHeader("Accept", "text/event-stream");
        return options;
    }

    /**
     * Sends a streaming request; completes with the paused response once its head arrived. Cancelling the returned
     * Uni before that (max_latency exceeded, caller gone) resets the request, so a slow provider's connection is not
     * left waiting with nobody to read it.
     */
    private Uni<HttpClientResponse> send(RequestOptions options, Buffer body, String model) {
        return Uni.createFrom().<HttpClientResponse>emitter(emitter -> {
                    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
                    AtomicBoolean delivered = new AtomicBoolean();
                    AtomicBoolean terminated = new AtomicBoolean();
                    emitter.onTermination(() -> {
                        terminated.set(true);
                        HttpClientRequest request = sent.get();
                        if (!delivered.get() && request != null) {
                            request.reset();
                        }
                    });
                    streams.current().request(options).onComplete(opened -> {
                        if (opened.failed()) {
                            emitter.fail(opened.cause());
                            return;
                        }
                        HttpClientRequest request = opened.result();
                        // Failures reach the send future below; a reset we make on purpose (caller gone, attempt
                        // timed out) must not be logged as an error.
                        request.exceptionHandler(error -> LOG.debugf("provider request ended: %s", error));
                        sent.set(request);
                        if (terminated.get()) {
                            request.reset();
                            return;
                        }
                        request.send(body).onComplete(answered -> {
                            if (answered.failed()) {
                                emitter.fail(answered.cause());
                                return;
                            }
                            HttpClientResponse response = answered.result();
                            response.pause();
                            delivered.set(!terminated.get());
                            if (delivered.get()) {
                                emitter.complete(response);
                            } else {
                                request.reset();
                            }
                        });
                    });
                })
                .onFailure().transform(error -> UpstreamFailure.classify(error, model));
    }

    private String streamUri(Target target) {
        URI endpoint = upstream.endpoint();
        if (upstream.kind().deploymentInPath()) {
            return endpoint + "/deployments/" + target.modelId() + "/chat/completions?api-version=" + apiVersion();
        }
        return endpoint + "/chat/completions";
    }

    private String apiVersion() {
        return upstream.apiVersion().orElse(AZURE_DEFAULT_API_VERSION);
    }

    /** Azure OpenAI's generally available data-plane API version used when none is configured. */
    static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

    /** The answer of a REST client call, whatever its status: an error body is relayed or classified, not thrown. */
    private static UpstreamReply reply(Response response) {
        byte[] entity = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
        return new UpstreamReply(response.getStatus(), lowerCase(response.getStringHeaders()), Buffer.buffer(entity));
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new TreeMap<>();
        headers.forEach((name, values) -> result.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
        return result;
    }
}
