package dev.moniker.translate;

import dev.moniker.wire.WireFormat;

/**
 * What the translator needs to know of one attempt's target.
 *
 * @param wire                its provider family's wire format
 * @param maxCompletionTokens an OpenAI-format target that takes {@code max_completion_tokens} (OpenAI, Azure)
 * @param nativeResponses     it serves the Responses API itself
 */
public record TargetFacts(WireFormat wire, boolean maxCompletionTokens, boolean nativeResponses) {
}
