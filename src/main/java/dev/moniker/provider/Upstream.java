package dev.moniker.provider;

import dev.moniker.wire.Operation;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * One validated {@code llm_providers} entry: where to send a model's requests and how to authenticate.
 *
 * @param id             stable identifier of the entry for logs and metrics: its {@code name}, else its {@code model}
 * @param kind           provider (known prefix or {@code provider_interface})
 * @param providerPrefix the prefix written in {@code model} ({@code openai}, {@code my-vllm}, ...)
 * @param modelId        model id sent upstream, or {@code null} for a {@code provider/*} wildcard entry
 * @param name           the instance {@code name}, if given
 * @param endpoint       scheme, host, port and path prefix in front of the API suffix, e.g.
 *                       {@code https://api.groq.com/openai/v1}
 * @param key            the API key, if any
 * @param headers        extra headers sent with every request
 * @param passthroughAuth forward the client's {@code Authorization} header instead of {@code key}
 * @param apiVersion     Azure OpenAI {@code api-version}
 * @param isDefault      the model used when a request names none
 * @param embeddings     the entry declares its models embedding models ({@code embeddings: true}); well-known
 *                       embedding model ids are recognised without it ({@link EmbeddingModels})
 * @param responsesApi   the entry serves OpenAI's Responses API itself ({@code openai} entries always do; others
 *                       declare {@code responses_api: true}); otherwise Responses requests are translated
 * @param aws            IAM credentials that sign each request (SigV4), for {@code amazon_bedrock} entries without a
 *                       Bedrock API key
 */
public record Upstream(
        String id,
        ProviderKind kind,
        String providerPrefix,
        String modelId,
        Optional<String> name,
        URI endpoint,
        Optional<Secret> key,
        Map<String, String> headers,
        boolean passthroughAuth,
        Optional<String> apiVersion,
        boolean isDefault,
        boolean embeddings,
        boolean responsesApi,
        Optional<AwsSigning> aws) {

    /** An entry that signs nothing with AWS credentials. */
    public Upstream(String id, ProviderKind kind, String providerPrefix, String modelId, Optional<String> name,
                    URI endpoint, Optional<Secret> key, Map<String, String> headers, boolean passthroughAuth,
                    Optional<String> apiVersion, boolean isDefault, boolean embeddings, boolean responsesApi) {
        this(id, kind, providerPrefix, modelId, name, endpoint, key, headers, passthroughAuth, apiVersion, isDefault,
                embeddings, responsesApi, Optional.empty());
    }

    /** An entry that declares neither embedding models nor the Responses API. */
    public Upstream(String id, ProviderKind kind, String providerPrefix, String modelId, Optional<String> name,
                    URI endpoint, Optional<Secret> key, Map<String, String> headers, boolean passthroughAuth,
                    Optional<String> apiVersion, boolean isDefault) {
        this(id, kind, providerPrefix, modelId, name, endpoint, key, headers, passthroughAuth, apiVersion, isDefault,
                false, false);
    }

    /** The {@code api-version} an {@code azure_openai} entry sends when it names none. */
    public static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

    /**
     * Where a request for {@code modelId} goes: the entry's endpoint and its format's path ({@code /chat/completions},
     * Azure's deployment path with {@code api-version}, or {@code /messages}).
     */
    public String requestUrl(String modelId) {
        return requestUrl(modelId, Operation.CHAT);
    }

    /**
     * Where a request for {@code modelId} goes to do {@code operation} ({@code /embeddings}, {@code /responses},
     * {@code /messages/count_tokens}, ...), in the entry's family; the caller has made sure the family serves it.
     */
    public String requestUrl(String modelId, Operation operation) {
        return requestUrl(modelId, operation, false);
    }

    /**
     * The same, for a streamed request: only Bedrock streams on another path ({@code converse-stream}). Bedrock's
     * model ids go into the path percent-encoded ({@code us.amazon.nova-pro-v1%3A0}), as AWS's own SDKs send them.
     */
    public String requestUrl(String modelId, Operation operation, boolean stream) {
        String path = operation.path(kind.wireFormat()).orElseThrow(() -> new IllegalArgumentException(
                kind.prefix() + " entries do not serve " + operation));
        if (kind.wireFormat() == dev.moniker.wire.WireFormat.BEDROCK) {
            return endpoint + "/model/" + pathSegment(modelId) + path + (stream ? "-stream" : "");
        }
        if (kind.deploymentInPath()) {
            return endpoint + "/deployments/" + modelId + path + "?api-version="
                    + apiVersion.orElse(AZURE_DEFAULT_API_VERSION);
        }
        return endpoint + path;
    }

    /** Everything but RFC 3986's unreserved characters percent-encoded, so a model id is one path segment. */
    private static String pathSegment(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Whether {@code modelId} of this entry is an embedding model (declared, or a well-known id). */
    public boolean isEmbeddingModel(String modelId) {
        return embeddings || EmbeddingModels.wellKnown(modelId);
    }

    /** Whether Responses API requests reach this entry as they are (else they are translated to its chat API). */
    public boolean servesResponses() {
        return kind == ProviderKind.OPENAI || responsesApi;
    }

    public boolean isWildcard() {
        return modelId == null;
    }

    /**
     * Names this endpoint across configuration reloads: its id and URL, never its key. Health state and circuit
     * breakers are kept under it.
     */
    public String stableName() {
        return id + " " + endpoint;
    }

    /** {@code provider/model} for a model served by this entry, as clients and metrics see it. */
    public String displayName(String modelId) {
        return providerPrefix() + "/" + modelId;
    }

    /** {@code provider/model} as written in configuration, e.g. {@code openai/gpt-4o} or {@code openai/*}. */
    public String qualifiedModel() {
        return providerPrefix + "/" + (modelId == null ? "*" : modelId);
    }

    /** Names the entry without its key or header values (which may be secrets), for logs and debuggers. */
    @Override
    public String toString() {
        return "Upstream[" + id + ", " + kind.prefix() + ", " + qualifiedModel() + ", headers=" + headers.keySet() + "]";
    }
}
