package dev.moniker.limit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counters in Redis, so every replica counts against one budget. One fixed window is one Redis key
 * ({@code moniker:<name>@<window>:<index>}), incremented atomically by a script that also sets its expiry on first
 * use, so a window's key goes away once the window has passed. Each call has a deadline; a Redis that is down or
 * slow fails the call with {@link StoreUnavailable}, never blocks the event loop, and the {@link Limiter} applies
 * the deployment's {@code on_store_error}.
 */
public final class RedisCounters implements Counters, AutoCloseable {

    /** INCRBY, and the window's expiry when the key is new: one atomic step, one round trip. */
    private static final String ADD = "local v = redis.call('INCRBY', KEYS[1], ARGV[1]) "
            + "if v == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return v";

    private final Redis redis;
    private final LongSupplier clock;
    private final Duration timeout;

    /** @param url {@code redis://[:password@]host:port[/db]}; never logged, it may hold a password */
    public RedisCounters(Vertx vertx, String url, Duration timeout, LongSupplier clock) {
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8)
                .setMaxPoolWaiting(256).setPoolRecycleTimeout(15_000));
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Uni<Long> add(String name, long amount, Window window) {
        long now = clock.getAsLong();
        Request request = Request.cmd(Command.EVAL).arg(ADD).arg(1).arg(key(name, window, now)).arg(amount)
                .arg(window.resetInMillis(now) + 1000);
        return send(request).map(Response::toLong);
    }

    @Override
    public Uni<Long> read(String name, Window window) {
        return send(Request.cmd(Command.GET).arg(key(name, window, clock.getAsLong())))
                .map(response -> response == null ? 0L : response.toLong());
    }

    @Override
    public long resetInMillis(Window window) {
        return window.resetInMillis(clock.getAsLong());
    }

    private Uni<Response> send(Request request) {
        return Uni.createFrom().completionStage(() -> redis.send(request).toCompletionStage())
                .ifNoItem().after(timeout).failWith(() -> new StoreUnavailable("Redis did not answer within "
                        + timeout.toMillis() + " ms"))
                .onFailure(failure -> !(failure instanceof StoreUnavailable))
                .transform(failure -> new StoreUnavailable("Redis failed: " + failure.getMessage()));
    }

    private static String key(String name, Window window, long now) {
        return "moniker:" + name + "@" + window.configName() + ":" + window.index(now);
    }

    @Override
    public void close() {
        redis.close();
    }
}
