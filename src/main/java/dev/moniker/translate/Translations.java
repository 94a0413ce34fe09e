package dev.moniker.translate;

import dev.moniker.wire.Operation;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.WireFormat;
import dev.moniker.wire.anthropic.AnthropicStreams;
import dev.moniker.wire.openai.OpenAiStreams;
import dev.moniker.wire.openai.ResponsesStreams;

import java.time.Clock;

/**
 * Picks the {@link Translation} for a (caller format, target format) pair: one class per pair, so adding a format
 * adds translators, not branches in the request path.
 */
public final class Translations {

    private final int defaultMaxTokens;
    private final Clock clock;
    private final TokenCounter counter;
    private final boolean askStreamUsage;

    /**
     * @param defaultMaxTokens {@code max_tokens} sent to Anthropic when an OpenAI caller set none (Anthropic requires it)
     * @param clock            the {@code created} time of translated OpenAI answers
     * @param counter          token counts for targets without a counting endpoint
     * @param askStreamUsage   OpenAI-format streams are asked to report usage even when their caller did not ask
     */
    public Translations(int defaultMaxTokens, Clock clock, TokenCounter counter, boolean askStreamUsage) {
        this.defaultMaxTokens = defaultMaxTokens;
        this.clock = clock;
        this.counter = counter;
        this.askStreamUsage = askStreamUsage;
    }

    /** A token count answered here whatever the target (see {@link LocalTokenCount}). */
    public Translation countLocally(RequestDocument request) {
        return new LocalTokenCount(request, counter);
    }

    /**
     * How a request for {@code operation} travels to {@code target}.
     *
     * @param usageWanted a stage needs the stream's usage: an OpenAI-format stream is asked to report it even when
     *                    the gateway does not ask every stream ({@code moniker.metrics.stream-usage=false})
     */
    public Translation of(Operation operation, WireFormat caller, TargetFacts target, RequestDocument request,
                          boolean usageWanted) {
        return switch (operation) {
            case CHAT -> caller == WireFormat.OPENAI && target.wire() == WireFormat.OPENAI
                    ? openAiPassThrough(request, usageWanted)
                    : between(caller, target.wire(), target.maxCompletionTokens(), request);
            case EMBEDDINGS, COMPLETIONS -> target.wire() == WireFormat.OPENAI
                    ? openAiPassThrough(request, usageWanted)
                    : new Unserved((target.wire() == WireFormat.BEDROCK ? "Bedrock Converse" : "Anthropic-format")
                    + " models do not serve " + (operation == Operation.EMBEDDINGS ? "embeddings"
                    : "legacy completions") + "; route this alias to an OpenAI-format model");
            case COUNT_TOKENS -> target.wire() == WireFormat.ANTHROPIC
                    ? new PassThrough(request, AnthropicStreams::passThrough) : new LocalTokenCount(request, counter);
            case RESPONSES -> target.nativeResponses() ? new PassThrough(request, ResponsesStreams::passThrough)
                    : new ResponsesOverChat(request, target.maxCompletionTokens(),
                    chat -> between(WireFormat.OPENAI, target.wire(), target.maxCompletionTokens(), chat),
                    ResponsesReplies.newId(), clock.instant().getEpochSecond());
        };
    }

    /**
     * @param maxCompletionTokens the target is an OpenAI-format provider that takes {@code max_completion_tokens}
     */
    public Translation between(WireFormat caller, WireFormat target, boolean maxCompletionTokens,
                               RequestDocument request) {
        long created = clock.instant().getEpochSecond();
        return switch (caller) {
            case OPENAI -> switch (target) {
                case OPENAI -> openAiPassThrough(request, false);
                case ANTHROPIC -> new OpenAiOverAnthropic(request, defaultMaxTokens, created);
                case BEDROCK -> new OpenAiOverConverse(request, defaultMaxTokens, created);
            };
            case ANTHROPIC -> switch (target) {
                case ANTHROPIC -> new PassThrough(request, AnthropicStreams::passThrough);
                case OPENAI -> new AnthropicOverOpenAi(request, maxCompletionTokens);
                case BEDROCK -> new AnthropicOverConverse(request);
            };
            case BEDROCK -> throw new IllegalArgumentException("callers do not speak Bedrock's API");
        };
    }

    private Translation openAiPassThrough(RequestDocument request, boolean usageWanted) {
        return askStreamUsage || usageWanted ? PassThrough.askingStreamUsage(request)
                : new PassThrough(request, OpenAiStreams::passThrough);
    }
}
