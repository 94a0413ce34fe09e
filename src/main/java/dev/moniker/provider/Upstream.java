package dev.moniker.provider;

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
        boolean isDefault) {

    /** The {@code api-version} an {@code azure_openai} entry sends when it names none. */
    public static final String AZURE_DEFAULT_API_VERSION = "2024-10-21";

    /**
     * Where a request for {@code modelId} goes: the entry's endpoint and its format's path ({@code /chat/completions},
     * Azure's deployment path with {@code api-version}, or {@code /messages}).
     */
    public String requestUrl(String modelId) {
        if (kind.wireFormat() == dev.moniker.wire.WireFormat.ANTHROPIC) {
            return endpoint + "/messages";
        }
        if (kind.deploymentInPath()) {
            return endpoint + "/deployments/" + modelId + "/chat/completions?api-version="
                    + apiVersion.orElse(AZURE_DEFAULT_API_VERSION);
        }
        return endpoint + "/chat/completions";
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
