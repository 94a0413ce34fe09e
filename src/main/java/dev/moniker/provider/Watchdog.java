package dev.moniker.provider;

import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Runs {@code expired} once when a provider sends nothing for {@code idle}. One timer per exchange, re-armed only
 * when it fires, so a busy body or stream costs a field write per chunk, not a timer. While suspended (the gateway
 * itself paused reading, because the caller reads slowly) the provider is not blamed.
 */
final class Watchdog {
    private final Vertx vertx;
    private final long idleNanos;
    private final Runnable expired;
    private volatile long lastNanos = System.nanoTime();
    private volatile long timer;
    private volatile boolean stopped;
    private volatile boolean suspended;

    Watchdog(Vertx vertx, Duration idle, Runnable expired) {
        this.vertx = vertx;
        this.idleNanos = idle.toNanos();
        this.expired = expired;
        arm(idleNanos);
    }

    private void arm(long nanos) {
        timer = vertx.setTimer(Math.max(1, nanos / 1_000_000), id -> check());
    }

    private void check() {
        if (stopped) {
            return;
        }
        long quiet = System.nanoTime() - lastNanos;
        if (suspended) {
            arm(idleNanos);
        } else if (quiet >= idleNanos) {
            stopped = true;
            expired.run();
        } else {
            arm(idleNanos - quiet);
        }
    }

    /** Bytes arrived. */
    void touch() {
        lastNanos = System.nanoTime();
    }

    /** The gateway stopped reading (back-pressure): silence from now on is not the provider's. */
    void suspend() {
        suspended = true;
    }

    /** Reading again: the idle bound starts over. */
    void resume() {
        lastNanos = System.nanoTime();
        suspended = false;
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
