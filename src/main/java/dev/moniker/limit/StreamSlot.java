package dev.moniker.limit;

import java.util.Optional;

/** A stream's slot under the concurrency limits: refused, or open with what frees it once the stream is over. */
public record StreamSlot(Optional<Refusal> refusal, Runnable release) {

    static StreamSlot refused(Refusal refusal) {
        return new StreamSlot(Optional.of(refusal), () -> { });
    }

    static StreamSlot open(Runnable release) {
        return new StreamSlot(Optional.empty(), release);
    }
}
