package dev.moniker.provider;

/** How a provider expects the API key. */
public enum AuthStyle {
    /** {@code Authorization: Bearer KEY} (OpenAI and the OpenAI-compatible providers). */
    BEARER,
    /** {@code api-key: KEY} (Azure OpenAI). */
    API_KEY_HEADER,
    /** {@code x-api-key: KEY} (Anthropic). */
    X_API_KEY
}
