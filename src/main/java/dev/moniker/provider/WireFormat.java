package dev.moniker.provider;

/** The HTTP API a provider speaks; decides which adapter (and, for mixed formats, which translator) is used. */
public enum WireFormat {
    /** OpenAI chat completions ({@code POST .../chat/completions}). */
    OPENAI,
    /** Anthropic Messages ({@code POST .../messages}). */
    ANTHROPIC
}
