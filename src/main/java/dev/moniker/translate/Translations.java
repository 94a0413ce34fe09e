package dev.moniker.translate;

import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.anthropic.AnthropicStreams;
import dev.moniker.wire.openai.OpenAiStreams;

import java.time.Clock;

/**
 * Picks the {@link Translation} for a (caller format, target format) pair: one class per pair, so adding a format
 * adds translators, not branches in the request path.
 */
public final class Translations {

    private final int defaultMaxTokens;
    private final Clock clock;

    /**
     * @param defaultMaxTokens {@code max_tokens} sent to Anthropic when an OpenAI caller set none (Anthropic requires it)
     * @param clock            the {@code created} time of translated OpenAI answers
     */
    public Translations(int defaultMaxTokens, Clock clock) {
        this.defaultMaxTokens = defaultMaxTokens;
        this.clock = clock;
    }

    /**
     * @param maxCompletionTokens the target is an OpenAI-format provider that takes {@code max_completion_tokens}
     */
    public Translation between(WireFormat caller, WireFormat target, boolean maxCompletionTokens,
                               RequestDocument request) {
        return switch (caller) {
            case OPENAI -> target == WireFormat.OPENAI ? new PassThrough(request, OpenAiStreams::passThrough)
                    : new OpenAiOverAnthropic(request, defaultMaxTokens, clock.instant().getEpochSecond());
            case ANTHROPIC -> target == WireFormat.ANTHROPIC ? new PassThrough(request, AnthropicStreams::passThrough)
                    : new AnthropicOverOpenAi(request, maxCompletionTokens);
        };
    }
}
