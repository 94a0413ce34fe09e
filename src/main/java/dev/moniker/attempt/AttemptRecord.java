package dev.moniker.attempt;

import dev.moniker.routing.Condition;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one attempt did, for the {@code x-moniker-attempts} header, metrics and the final error.
 *
 * @param label   {@code provider/model} plus {@code #n} for a pool endpoint
 * @param failure the failure, or {@code null} when it served
 * @param elapsed time until the answer, the stream's first chunk, or the failure
 */
public record AttemptRecord(String label, Failure failure, Duration elapsed) {

    public boolean ok() {
        return failure == null;
    }

    /**
     * {@code ok}, {@code 429 quota_exceeded}, {@code timeout}, {@code unavailable}, or for a target not tried
     * {@code skipped (cooling down after 429)}, {@code skipped (breaker open after timeout)}.
     */
    public String outcome() {
        if (failure == null) {
            return "ok";
        }
        if (failure.skipped() != null) {
            return "skipped (" + failure.skipped() + ")";
        }
        Condition condition = failure.condition();
        return failure.reply().isPresent() ? failure.status() + " " + condition.configName() : condition.configName();
    }

    /** The header value: each attempt in order, {@code openai/gpt-4o-mini=429 quota_exceeded, ollama/llama3.1=ok}. */
    public static String header(List<AttemptRecord> attempts) {
        return attempts.stream().map(a -> a.label() + "=" + a.outcome()).collect(Collectors.joining(", "));
    }
}
