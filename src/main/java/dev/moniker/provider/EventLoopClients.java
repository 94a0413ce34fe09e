package dev.moniker.provider;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Pooled Vert.x HTTP clients for provider streams, one per event loop. A request asks for the client of the event
 * loop it runs on, so its provider connection lives on the same thread as the caller's connection: a shared pool
 * hands out connections created on any loop, and every chunk relayed from such a connection crosses threads (see
 * docs/performance.md, "Event loops"). Off an event loop, a shared client is used.
 */
final class EventLoopClients {
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final HttpClient shared;
    private final ConcurrentHashMap<Thread, HttpClient> byLoop = new ConcurrentHashMap<>();

    EventLoopClients(Vertx vertx, HttpClientOptions options, PoolOptions pool) {
        this.vertx = vertx;
        this.options = options;
        this.pool = pool;
        this.shared = vertx.createHttpClient(options, pool);
    }

    /** The client for the calling event loop (its connections are created on, and stay on, that loop). */
    HttpClient current() {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext()) {
            return shared;
        }
        return byLoop.computeIfAbsent(Thread.currentThread(), loop -> vertx.createHttpClient(options, pool));
    }

    void close() {
        shared.close();
        byLoop.values().forEach(HttpClient::close);
    }
}
