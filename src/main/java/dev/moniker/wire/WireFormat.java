package dev.moniker.wire;

/** The HTTP API a caller or a provider speaks: decides the provider adapter and, between two formats, the translator. */
public enum WireFormat {
    /** OpenAI chat completions ({@code POST .../chat/completions}). */
    OPENAI,
    /** Anthropic Messages ({@code POST .../messages}). */
    ANTHROPIC
}
