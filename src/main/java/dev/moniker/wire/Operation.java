package dev.moniker.wire;

import java.util.Optional;

/**
 * What a request asks a model to do: one endpoint of a caller's API, served by a provider family on its own path.
 * The ingress knows the operation from the URL it was called on; the provider adapter finds the path from it, and
 * the translator decides from it (and the two wire formats) how the request travels.
 */
public enum Operation {
    /** OpenAI {@code /chat/completions}, Anthropic {@code /messages}. */
    CHAT("messages", "/chat/completions", "/messages"),
    /** OpenAI {@code /responses}; served over chat completions or messages where the provider lacks it. */
    RESPONSES("input", "/responses", null),
    /** OpenAI {@code /embeddings}; only OpenAI-format providers serve it. */
    EMBEDDINGS("input", "/embeddings", null),
    /** OpenAI's legacy {@code /completions}; only OpenAI-format providers serve it. */
    COMPLETIONS("prompt", "/completions", null),
    /** Anthropic {@code /messages/count_tokens}; counted locally for other providers. */
    COUNT_TOKENS("messages", null, "/messages/count_tokens");

    private final String content;
    private final String openAiPath;
    private final String anthropicPath;

    Operation(String content, String openAiPath, String anthropicPath) {
        this.content = content;
        this.openAiPath = openAiPath;
        this.anthropicPath = anthropicPath;
    }

    /** The request member that carries what the model reads, required in every request. */
    public String contentMember() {
        return content;
    }

    /**
     * The path (after the entry's endpoint) a provider of this family serves the operation on, if it does. Bedrock
     * serves chat only, on a path that names the model ({@code /model/{id}/converse}): this gives its last part.
     */
    public Optional<String> path(WireFormat family) {
        return Optional.ofNullable(switch (family) {
            case ANTHROPIC -> anthropicPath;
            case OPENAI -> openAiPath;
            case BEDROCK -> this == CHAT ? "/converse" : null;
        });
    }
}
