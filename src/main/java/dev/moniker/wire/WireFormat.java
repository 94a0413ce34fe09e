package dev.moniker.wire;

/** The HTTP API a caller or a provider speaks: decides the provider adapter and, between two formats, the translator. */
public enum WireFormat {
    /** OpenAI chat completions ({@code POST .../chat/completions}). */
    OPENAI,
    /** Anthropic Messages ({@code POST .../messages}). */
    ANTHROPIC,
    /**
     * Amazon Bedrock's Converse API ({@code POST .../model/{id}/converse}, and {@code converse-stream}, whose stream
     * is AWS event-stream framing). A provider format only: callers speak OpenAI's or Anthropic's API.
     */
    BEDROCK
}
