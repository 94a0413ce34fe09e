package dev.moniker.provider;

import io.vertx.core.Context;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.impl.ContextInternal;

/**
 * Gives up on a provider response the gateway no longer wants (the caller left, a stage ended the caller's stream),
 * without harming the exchange that may already be using its connection.
 *
 * <p>Resetting is how an unfinished HTTP/1.1 response is abandoned: the connection is closed, so a half-read one
 * never goes back to the pool. But Vert.x 4.5 also closes the connection when the reset request's response has
 * already ended on the wire (eclipse-vertx/vert.x#6294, its fix reverted), and by then the pool may have handed the
 * connection to the next exchange: that one dies with "connection was closed", mid-stream. A paused response is
 * exactly that case: its last bytes sit in Vert.x's queue while the pool has already reused the connection.
 *
 * <p>So: drop what is queued, resume, and reset only if the end was not among it. On the response's event loop, the
 * queue drains in a task scheduled before the check; once it is drained and not paused, an end from the wire reaches
 * the end handler at once, so "no end seen" at the check means the response is still in flight on this connection.
 */
final class Abandon {
    private Abandon() {
    }

    /** Runs {@code task} on {@code context}'s event loop: at once if already there (or if the context is unknown). */
    static void onLoop(Context context, Runnable task) {
        if (context == null || ((ContextInternal) context).nettyEventLoop().inEventLoop()) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /**
     * Abandons {@code response}; call on its event loop ({@link #onLoop}), only while its end has not been seen.
     *
     * @param response a response whose handlers run on {@code context}; they are replaced
     * @param context  the response's context, or null if unknown (then it is reset at once, as before)
     */
    static void response(HttpClientResponse response, Context context) {
        if (context == null) {
            response.request().reset();
            return;
        }
        boolean[] over = new boolean[1];
        response.handler(chunk -> {
        });
        response.exceptionHandler(error -> over[0] = true); // the connection is gone already
        response.endHandler(ended -> over[0] = true);
        response.resume();
        context.runOnContext(v -> {
            if (!over[0]) {
                response.request().reset();
            }
        });
    }
}
