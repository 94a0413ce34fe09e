package dev.moniker.api;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** Runs a handler that writes the response itself, completing when the response ends or the client goes away. */
final class Exchange {
    private Exchange() {
    }

    static Uni<Void> of(HttpServerRequest request, Runnable handler) {
        return Uni.createFrom().emitter(done -> {
            HttpServerResponse response = request.response();
            response.endHandler(ended -> done.complete(null));
            response.closeHandler(closed -> done.complete(null));
            handler.run();
        });
    }
}
