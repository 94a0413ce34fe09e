package dev.moniker.api;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a handler that writes the response itself. The returned {@code Uni} completes when the response has ended
 * (or the connection closed);
 * when Quarkus REST cancels it because the caller went away, the handler's work (the provider call) is cancelled.
 *
 * <p>The handler starts on the next event-loop turn: Quarkus REST registers its own close handler on the response
 * right after subscribing, which fails if a handler that answers at once (a refused request) has already ended it.
 */
final class Exchange {
    private Exchange() {
    }

    static Uni<Void> of(RoutingContext routing, Supplier<Cancellable> handler) {
        HttpServerRequest request = routing.request();
        return Uni.createFrom().emitter(done -> {
            AtomicReference<Cancellable> work = new AtomicReference<>();
            AtomicBoolean gone = new AtomicBoolean();
            // The routing context's end handlers, never the response's own endHandler: that one holds a single
            // handler, and replacing it would take the routing context's cleanup away, keeping every exchange's
            // request context (and this Uni, never completed) in memory for good.
            routing.addEndHandler(ended -> done.complete(null));
            done.onTermination(() -> {
                if (!request.response().ended()) {
                    gone.set(true);
                    Cancellable started = work.get();
                    if (started != null) {
                        started.cancel();
                    }
                }
            });
            Vertx.currentContext().runOnContext(next -> {
                if (!gone.get()) {
                    work.set(handler.get());
                }
            });
        });
    }
}
