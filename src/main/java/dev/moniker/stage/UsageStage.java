package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.StreamEventView;

import java.util.Optional;

/**
 * A stage that acts once an answer's token usage is known: it tallies the usage of the answer, or of every stream
 * event, and {@link #settle settles} after a complete answer and at a stream's end (usage metering, cost).
 */
public abstract class UsageStage implements Stage {

    /** What the answer or stream reported, as far as it went. */
    protected final UsageTally usage = new UsageTally();

    /** The answer or stream is over: act on {@link #usage}. */
    protected abstract void settle();

    @Override
    public final Optional<GatewayError> onAnswer(AnswerView answer) {
        usage.answered(answer);
        settle();
        return Optional.empty();
    }

    @Override
    public final Optional<GatewayError> onStreamEvent(StreamEventView event) {
        usage.event(event);
        return Optional.empty();
    }

    @Override
    public final String onStreamEnd() {
        settle();
        return "";
    }
}
