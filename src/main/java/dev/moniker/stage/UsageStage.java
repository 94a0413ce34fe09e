package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;

import java.util.Optional;

/**
 * A stage that acts once an answer's token usage is known, as the provider reported it ({@link #onUsage}, from the
 * request path's scan of its bytes: neither an answer nor a stream is parsed for it), and {@link #settle settles}
 * after a complete answer and at a stream's end (usage metering, cost).
 */
public abstract class UsageStage implements Stage {

    /** What the answer or stream reported, as far as it went. */
    protected final UsageTally usage = new UsageTally();

    /** The answer or stream is over: act on {@link #usage}. */
    protected abstract void settle();

    @Override
    public final Optional<GatewayError> onAnswer(AnswerView answer) {
        settle(); // the usage came just before, through onUsage
        return Optional.empty();
    }

    /** The usage comes from the provider's bytes ({@link #onUsage}): no event needs parsing for it. */
    @Override
    public final boolean readsStreamEvents() {
        return false;
    }

    @Override
    public final boolean needsUsage() {
        return true;
    }

    @Override
    public final void onUsage(dev.moniker.wire.view.Usage reported) {
        usage.reported(reported);
    }

    @Override
    public final String onStreamEnd() {
        settle();
        return "";
    }
}
