package dev.moniker.ingress;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a relayed stream to the client, coalescing the chunks that arrive in one event-loop turn into one write.
 *
 * <p>Vert.x flushes every write made outside the client connection's own read, and a provider's chunks are read on
 * the provider connection: relayed one by one, each SSE event would cost the client socket a flush and a system
 * call. Here the chunks of one read are appended to a pending buffer, and one task queued on the same event loop
 * writes them once that read is done; nothing waits on a timer, so a lone token goes out in the same loop turn.
 */
final class StreamRelay {

    private final HttpServerResponse response;
    private final Context context;
    private Buffer pending;
    private boolean flushQueued;

    StreamRelay(HttpServerResponse response) {
        this.response = response;
        this.context = Vertx.currentContext();
    }

    void write(Buffer chunk) {
        if (context == null) {
            response.write(chunk);
            return;
        }
        if (pending == null) {
            pending = Buffer.buffer(Math.max(512, chunk.length() * 4));
        }
        pending.appendBuffer(chunk);
        if (!flushQueued) {
            flushQueued = true;
            context.runOnContext(v -> flush());
        }
    }

    /** Writes what is pending now; call before ending the response. */
    void flush() {
        flushQueued = false;
        Buffer data = pending;
        pending = null;
        if (data != null && data.length() > 0 && !response.ended() && !response.closed()) {
            response.write(data);
        }
    }
}
