package dev.moniker.provider;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The connection to one configured provider entry, in the entry's wire format: the requests it sends (paths, fixed
 * headers, the caller's credentials only for {@code passthrough_auth} entries), each as one
 * {@link ProviderExchange} over the calling event loop's pooled client.
 *
 * <p>Complete answers and streams take the same path. Streams are relayed byte for byte, which the typed REST
 * client's {@code Multi} support cannot do (it parses SSE into events and treats a connection closed mid-stream as
 * the end of the stream, a silent truncation); complete answers left the REST client because it leaked its pool
 * when callers left while a call waited for a connection (issue 17). {@link OpenAiRestApi} and
 * {@link AnthropicRestApi} remain the typed description of each provider API.
 */
public final class UpstreamClient {

    /** Azure OpenAI's generally available data-plane API version used when none is configured. */
    static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

    private final Upstream upstream;
    private final EventLoopClients clients;
    private final Map<String, String> fixedHeaders;
    private final Duration readTimeout;
    private final Duration poolWait;

    UpstreamClient(Upstream upstream, EventLoopClients clients, Duration readTimeout, Duration poolWait,
                   String anthropicVersion) {
        this.upstream = upstream;
        this.clients = clients;
        this.readTimeout = readTimeout;
        this.poolWait = poolWait;
        this.fixedHeaders = ProviderHeaders.of(upstream, anthropicVersion);
    }

    public Upstream upstream() {
        return upstream;
    }

    /** Sends a non-streaming chat completion; completes with the provider's answer whatever its status. */
    public Uni<UpstreamReply> complete(String modelId, Buffer body, String clientAuthorization) {
        requireFormat(WireFormat.OPENAI);
        return ProviderExchange.complete(clients, options(chatUri(modelId), clientAuthorization, false), body,
                upstream.displayName(modelId), readTimeout);
    }

    /** Opens a streaming chat completion; completes with the paused response once its head arrived. */
    public Uni<HttpClientResponse> openStream(String modelId, Buffer body, String clientAuthorization) {
        requireFormat(WireFormat.OPENAI);
        return ProviderExchange.open(clients, options(chatUri(modelId), clientAuthorization, true), body,
                upstream.displayName(modelId));
    }

    /**
     * Sends a non-streaming Anthropic Messages request ({@code POST {endpoint}/messages}); completes with the
     * provider's answer whatever its status.
     *
     * @param anthropicBeta the caller's {@code anthropic-beta} header, or {@code null}
     */
    public Uni<UpstreamReply> completeMessages(String modelId, Buffer body, String clientAuthorization,
                                              String anthropicBeta) {
        requireFormat(WireFormat.ANTHROPIC);
        return ProviderExchange.complete(clients, messagesOptions(clientAuthorization, anthropicBeta, false), body,
                upstream.displayName(modelId), readTimeout);
    }

    /** Opens a streaming Anthropic Messages request; the response is paused, as for {@link #openStream}. */
    public Uni<HttpClientResponse> openMessagesStream(String modelId, Buffer body, String clientAuthorization,
                                                       String anthropicBeta) {
        requireFormat(WireFormat.ANTHROPIC);
        return ProviderExchange.open(clients, messagesOptions(clientAuthorization, anthropicBeta, true), body,
                upstream.displayName(modelId));
    }

    private void requireFormat(WireFormat format) {
        if (upstream.kind().wireFormat() != format) {
            throw new IllegalStateException("provider entry " + upstream.id() + " does not speak " + format);
        }
    }

    private RequestOptions messagesOptions(String clientAuthorization, String anthropicBeta, boolean stream) {
        RequestOptions options = options(upstream.endpoint() + "/messages", clientAuthorization, stream);
        if (anthropicBeta != null) {
            options.putHeader("anthropic-beta", anthropicBeta);
        }
        return options;
    }

    private RequestOptions options(String uri, String clientAuthorization, boolean stream) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri)
                // Bounds the wait for a pooled connection (not the TCP connect: that is the client's own timeout).
                .setConnectTimeout(poolWait.toMillis())
                .setIdleTimeout(readTimeout.toMillis())
                .setFollowRedirects(false);
        fixedHeaders.forEach(options::putHeader);
        if (upstream.passthroughAuth() && clientAuthorization != null) {
            options.putHeader("Authorization", clientAuthorization);
        }
        options.putHeader("Content-Type", "application/json");
        options.putHeader("Accept", stream ? "text/event-stream" : "application/json");
        return options;
    }

    private String chatUri(String modelId) {
        URI endpoint = upstream.endpoint();
        if (upstream.kind().deploymentInPath()) {
            String version = upstream.apiVersion().orElse(AZURE_DEFAULT_API_VERSION);
            return endpoint + "/deployments/" + modelId + "/chat/completions?api-version=" + version;
        }
        return endpoint + "/chat/completions";
    }
}
