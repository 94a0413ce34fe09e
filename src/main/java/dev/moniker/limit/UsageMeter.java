package dev.moniker.limit;

import dev.moniker.stage.AttemptTarget;
import dev.moniker.stage.UsageStage;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.RequestView;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Counts one request's tokens against its limits once the answer or the stream is over: a stage added to requests
 * whose key or target has a token budget.
 */
public final class UsageMeter extends UsageStage {

    private final Limiter limiter;
    private final String key;
    private final Function<String, String> headers;
    private AttemptTarget target;
    private boolean charged;

    public UsageMeter(Limiter limiter, String key, Function<String, String> headers) {
        this.limiter = limiter;
        this.key = key;
        this.headers = headers;
    }

    /** The names a {@code ratelimits} entry's {@code model} may use for a target. */
    public static Set<String> names(AttemptTarget target) {
        return Set.copyOf(java.util.List.of(target.entry(), target.model(), target.modelId()));
    }

    @Override
    public boolean seesAttempts() {
        return true;
    }

    @Override
    public Optional<GatewayError> onAttempt(AttemptTarget attempt, RequestView request) {
        target = attempt;
        usage.attempting();
        return Optional.empty();
    }

    @Override
    protected void settle() {
        charge();
    }

    private void charge() {
        if (!charged && target != null) {
            charged = true;
            usage.usage().ifPresent(reported -> limiter.charge(key, target, headers, reported));
        }
    }
}
