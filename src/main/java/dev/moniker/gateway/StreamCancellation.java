package dev.moniker.gateway;

import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpClientResponse;

/**
 * Cancels a provider stream whatever phase it is in: still opening (cancel the pending open, which resets the
 * request) or already relaying (reset the provider connection, so the provider stops generating).
 */
final class StreamCancellation implements Cancellable {
    private volatile Cancellable opening;
    private volatile HttpClientResponse upstream;
    private volatile boolean cancelled;

    StreamCancellation opening(Cancellable pending) {
        this.opening = pending;
        if (cancelled) {
            pending.cancel();
        }
        return this;
    }

    /** Records the provider's response; false when the caller already went away (the response is then reset). */
    boolean attach(HttpClientResponse response) {
        this.upstream = response;
        if (cancelled) {
            response.request().reset();
            return false;
        }
        return true;
    }

    @Override
    public void cancel() {
        cancelled = true;
        Cancellable pending = opening;
        if (pending != null) {
            pending.cancel();
        }
        HttpClientResponse current = upstream;
        if (current != null) {
            current.request().reset();
        }
    }
}
