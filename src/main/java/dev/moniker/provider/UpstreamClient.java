package dev.moniker.provider;

import dev.moniker.routing.Target;
import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The connection to one configured provider entry (OpenAI wire format).
 *
 * <p>Both complete answers and streams go through the shared, pooled Vert.x HTTP client, on the caller's event
 * loop: the body is sent as the buffer it is, and the answer is relayed as the bytes that arrived. (A typed REST
 * client did the same job for complete answers at several times the CPU per request: filter chains, header maps,
 * entity readers and writers, context propagation, all for a body that is never bound to a Java type.) Streams
 * must not go through a REST client anyway: its {@code Multi} support parses SSE into events and treats a
 * connection closed mid-stream as the end of the stream, which would turn a cut stream into a silent, truncated
 * success.
 */
public final class UpstreamClient {

    private final Upstream upstream;
    private final HttpClient http;
    private final Map<String, String> fixedHeaders;
    private final Duration readTimeout;
    /** The chat-completions URI when it does not depend on the target (it does for Azure deployments). */
    private final String fixedUri;

    UpstreamClient(Upstream upstream, HttpClient http, Duration readTimeout) {
        this.upstream = upstream;
        this.http = http;
        this.readTimeout = readTimeout;
        this.fixedHeaders = ProviderHeaders.of(upstream);
        this.fixedUri = upstream.kind().deploymentInPath() ? null : upstream.endpoint() + "/chat/completions";
    }

    public Upstream upstream() {
        return upstream;
    }

    /**
     * Sends a non-streaming request; completes with the provider's answer whatever its status. Cancelling the
     * returned {@code Uni} (the caller went away) resets the provider request.
     */
    public Uni<UpstreamReply> complete(Target target, Buffer body, String clientAuthorization) {
        RequestOptions options = options(target, clientAuthorization, "application/json");
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        return Uni.createFrom().<UpstreamReply>emitter(emitter -> http.request(options)
                        .compose((HttpClientRequest request) -> {
                            sent.set(request);
                            return request.send(body);
                        })
                        .compose(response -> response.body().map(answer ->
                                new UpstreamReply(response.statusCode(), lowerCase(response.headers()), answer)))
                        .onComplete(result -> {
                            if (result.succeeded()) {
                                emitter.complete(result.result());
                            } else {
                                emitter.fail(UpstreamFailure.from(result.cause(), upstream.id()));
                            }
                        }))
                .onCancellation().invoke(() -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                });
    }

    /**
     * Opens a streaming request. Completes when the response head arrives; the returned response is paused so
     * the caller can attach its handlers before any byte flows.
     */
    public Uni<HttpClientResponse> openStream(Target target, Buffer body, String clientAuthorization) {
        RequestOptions options = options(target, clientAuthorization, "text/event-stream");
        return Uni.createFrom().completionStage(() -> http.request(options)
                        .compose((HttpClientRequest request) -> request.send(body))
                        .map(response -> {
                            response.pause();
                            return response;
                        })
                        .toCompletionStage())
                .onFailure().transform(error -> UpstreamFailure.from(error, upstream.id()));
    }

    private RequestOptions options(Target target, String clientAuthorization, String accept) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri(target))
                .setIdleTimeout(readTimeout.toMillis())
                .setFollowRedirects(false);
        fixedHeaders.forEach(options::putHeader);
        if (upstream.passthroughAuth() && clientAuthorization != null) {
            options.putHeader("Authorization", clientAuthorization);
        }
        options.putHeader("Content-Type", "application/json");
        options.putHeader("Accept", accept);
        return options;
    }

    private String uri(Target target) {
        if (fixedUri != null) {
            return fixedUri;
        }
        return upstream.endpoint() + "/deployments/" + target.modelId() + "/chat/completions?api-version=" + apiVersion();
    }

    private String apiVersion() {
        return upstream.apiVersion().orElse(AZURE_DEFAULT_API_VERSION);
    }

    /** Azure OpenAI's generally available data-plane API version used when none is configured. */
    static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

    private static Map<String, List<String>> lowerCase(MultiMap headers) {
        Map<String, List<String>> result = new TreeMap<>();
        headers.forEach(header -> result.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
                name -> new ArrayList<>(1)).add(header.getValue()));
        return result;
    }
}
