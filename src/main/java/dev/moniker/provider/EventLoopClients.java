package dev.moniker.provider;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.PoolOptions;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pooled Vert.x HTTP clients for every provider call, one per event loop. A request asks for the client of the event
 * loop it runs on, so its provider connection lives on the same thread as the caller's connection: a shared pool
 * hands out connections created on any loop, and every chunk relayed from such a connection crosses threads (see
 * docs/performance.md, "Event loops"). Off an event loop, a shared client is used.
 *
 * <p>Each loop also has a client that never reuses a connection, for the one retry of a request whose pooled
 * connection turned out to be closed ({@link ProviderExchange}), and the set of connections that have already
 * carried a request, which is how a stale connection is told from a provider that closes new ones.
 */
final class EventLoopClients {
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final Clients shared;
    private final ConcurrentHashMap<Thread, Clients> byLoop = new ConcurrentHashMap<>();

    /** One loop's clients; {@code used} is only touched on that loop, except for the shared instance. */
    final class Clients {
        /** The pooled client (its connections are created on, and stay on, this loop). */
        final HttpClient pooled = vertx.createHttpClient(options, pool);
        /** Opens a new connection for every request. */
        final HttpClient fresh = vertx.createHttpClient(new HttpClientOptions(options).setKeepAlive(false), pool);
        private final Set<HttpConnection> used =
                Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

        /** Whether this connection carried a request before; records that it now does. */
        boolean reused(HttpConnection connection) {
            return !used.add(connection);
        }
    }

    EventLoopClients(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
        this.vertx = vertx;
        this.options = options;
        this.pool = pool;
        this.shared = new Clients();
    }

    /** The clients of the calling event loop, or the shared ones off an event loop. */
    Clients forCallingLoop() {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return shared;
        }
        return byLoop.computeIfAbsent(Thread.currentThread(), loop -> new Clients());
    }

    Vertx vertx() {
        return vertx;
    }

    void close() {
        shared.pooled.close();
        shared.fresh.close();
        byLoop.values().forEach(clients -> {
            clients.pooled.close();
            clients.fresh.close();
        });
    }
}
