package dev.moniker.wire.view;

/**
 * Token counts as a provider reported them, in the caller's format's terms made neutral.
 *
 * @param inputTokens  prompt tokens (OpenAI {@code prompt_tokens}, Anthropic {@code input_tokens} plus cache reads
 *                     and writes), or -1 when the answer did not say
 * @param outputTokens completion tokens, or -1 when the answer did not say
 */
public record Usage(long inputTokens, long outputTokens) {
}
