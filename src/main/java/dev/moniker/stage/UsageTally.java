package dev.moniker.stage;

import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.StreamEventView;
import dev.moniker.wire.view.Usage;

import java.util.Optional;

/**
 * What a stage that needs an answer's token usage keeps: it asks a streaming provider to report usage (where the
 * format needs asking), hides the usage chunk from a caller that did not ask for it, and adds up what the answer or
 * the stream's events reported.
 */
public final class UsageTally {

    private boolean hide;
    private Usage usage = new Usage(-1, -1);

    /** Before an attempt, on that attempt's request: asks for stream usage if needed. */
    public void attempting(RequestView request) {
        hide = request.stream() && request.askStreamUsage();
        usage = new Usage(-1, -1);
    }

    public void answered(AnswerView answer) {
        answer.usage().ifPresent(reported -> usage = reported);
    }

    /** One stream event: counts what it reports, and drops the usage chunk the caller did not ask for. */
    public void event(StreamEventView event) {
        Optional<Usage> reported = event.usage();
        if (reported.isEmpty()) {
            return;
        }
        Usage u = reported.get();
        usage = new Usage(u.inputTokens() >= 0 ? u.inputTokens() : usage.inputTokens(),
                u.outputTokens() >= 0 ? u.outputTokens() : usage.outputTokens());
        if (hide && event.textDelta().isEmpty() && event.finishReason().isEmpty() && event.toolCallDelta().isEmpty()) {
            event.omit();
        }
    }

    /** What was reported, if anything. */
    public Optional<Usage> usage() {
        return usage.inputTokens() >= 0 || usage.outputTokens() >= 0 ? Optional.of(usage) : Optional.empty();
    }

    /** Input plus output tokens reported (a count not reported is taken as zero). */
    public long tokens() {
        return Math.max(0, usage.inputTokens()) + Math.max(0, usage.outputTokens());
    }
}
