package dev.moniker.provider;

import java.time.Duration;

/**
 * How provider connections are pooled and bounded (docs/operations.md, "Provider connections").
 *
 * @param connectTimeout TCP/TLS connect
 * @param readTimeout    wait for the answer's head
 * @param stallTimeout   the longest silence between bytes once the head arrived (a JSON body or a stream)
 * @param poolWait       longest wait for a pooled connection
 * @param maxConnections connections per provider host and event loop
 * @param maxWaiting     requests that may wait for a connection at once, per host and event loop
 * @param idleConnection a pooled connection idle this long is closed
 */
public record PoolSettings(Duration connectTimeout, Duration readTimeout, Duration stallTimeout, Duration poolWait,
                           int maxConnections,
                           int maxWaiting, Duration idleConnection) {
}
