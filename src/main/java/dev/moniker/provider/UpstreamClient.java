package dev.moniker.provider;

import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.Operation;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.wire.WireFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The adapter of one configured provider entry, in the entry's wire format: the requests it sends (paths, fixed
 * headers, the caller's credentials only for {@code passthrough_auth} entries), each as one
 * {@link ProviderExchange} over the calling event loop's pooled client, and the reading of its streams
 * ({@link SseStreamHead}). What the body says is the translator's business; how it travels is this class's.
 *
 * <p>Complete answers and streams take the same path. Streams are relayed byte for byte, which the typed REST
 * client's {@code Multi} support cannot do (it parses SSE into events and treats a connection closed mid-stream as
 * the end of the stream, a silent truncation); complete answers left the REST client because it leaked its pool
 * when callers left while a call waited for a connection (issue 17). {@link OpenAiRestApi} and
 * {@link AnthropicRestApi} remain the typed description of each provider API.
 */
public final class UpstreamClient {

    /** Azure OpenAI's generally available data-plane API version used when none is configured. */
    static final String AZURE_DEFAULT_API_VERSION = Upstream.AZURE_DEFAULT_API_VERSION;

    private final Upstream upstream;
    private final EventLoopClients clients;
    private final Map<String, String> fixedHeaders;
    private final Duration readTimeout;
    private final Duration stallTimeout;
    private final Duration poolWait;

    /**
     * @param readTimeout  wait for the answer's head
     * @param stallTimeout the longest silence between bytes after the head (JSON body or stream)
     * @param poolWait     longest wait for a pooled connection
     */
    UpstreamClient(Upstream upstream, EventLoopClients clients, Duration readTimeout, Duration stallTimeout,
                   Duration poolWait, String anthropicVersion) {
        this.upstream = upstream;
        this.clients = clients;
        this.readTimeout = readTimeout;
        this.stallTimeout = stallTimeout;
        this.poolWait = poolWait;
        this.fixedHeaders = ProviderHeaders.of(upstream, anthropicVersion);
    }

    public Upstream upstream() {
        return upstream;
    }

    /**
     * Sends a complete (non-streaming) request in the entry's wire format; completes with the provider's answer
     * whatever its status.
     */
    public Uni<UpstreamReply> complete(Operation operation, String modelId, Buffer body, CallerHeaders caller) {
        return ProviderExchange.complete(clients, options(operation, modelId, caller, false, body), body,
                upstream.displayName(modelId), stallTimeout);
    }


    /**
     * Opens a stream in the entry's wire format; completes with the stream's head once the first bytes for the
     * caller arrived (an error status: with the whole error answer, passed through {@code errorReply}).
     *
     * @param transform  what the caller receives of the stream
     * @param errorReply an error answer in the caller's format
     */
    public Uni<Answer> stream(Operation operation, String modelId, Buffer body, CallerHeaders caller,
                              StreamTransform transform, UnaryOperator<UpstreamReply> errorReply) {
        String model = upstream.displayName(modelId);
        return ProviderExchange.open(clients, options(operation, modelId, caller, true, body), body, model)
                .flatMap(response -> SseStreamHead.open(response, model, transform, errorReply,
                        new SseStreamHead.Stall(clients.vertx(), readTimeout, stallTimeout)));
    }

    private RequestOptions options(Operation operation, String modelId, CallerHeaders caller, boolean stream,
                                   Buffer body) {
        String url = upstream.requestUrl(modelId, operation, stream);
        RequestOptions options = options(url, caller.authorization(), stream);
        if (upstream.kind().wireFormat() == WireFormat.ANTHROPIC && caller.anthropicBeta() != null) {
            options.putHeader("anthropic-beta", caller.anthropicBeta());
        }
        return signed(options, url, body);
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
        options.putHeader("Accept", !stream ? "application/json"
                : upstream.kind().wireFormat() == WireFormat.BEDROCK ? EVENT_STREAM : "text/event-stream");
        return options;
    }

    /** Bedrock's stream type: binary AWS event-stream messages. */
    private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    /**
     * Signs the request with the entry's IAM credentials (SigV4), if it has them; done per request, as the signature
     * covers the body and the time.
     */
    private RequestOptions signed(RequestOptions options, String url, Buffer body) {
        upstream.aws().ifPresent(aws -> aws.sign("POST", java.net.URI.create(url),
                Map.of("Content-Type", "application/json"), body.getBytes()).forEach(options::putHeader));
        return options;
    }
}
