package dev.moniker.stage;

import dev.moniker.wire.view.Usage;

import java.util.Optional;

/**
 * What a stage that needs an answer's token usage keeps: what the provider reported for the answer or the stream
 * (found in its bytes by the request path, which also asks a stream to report it and keeps the extra usage event
 * from a caller who did not ask).
 */
public final class UsageTally {

    private Usage usage = new Usage(-1, -1);

    /** Before an attempt: what an earlier attempt reported no longer counts. */
    public void attempting() {
        usage = new Usage(-1, -1);
    }

    /** The answer's or stream's usage, as its provider reported it. */
    public void reported(Usage reported) {
        usage = reported;
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
