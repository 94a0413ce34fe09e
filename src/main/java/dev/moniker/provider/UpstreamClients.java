package dev.moniker.provider;

import dev.moniker.gateway.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One {@link UpstreamClient} per configured provider entry and per load-balanced endpoint, built once at start-up:
 * the request path only looks them up. All entries share pooled Vert.x HTTP clients, one per event loop
 * ({@link EventLoopClients}), each keeping a pool per host, bounded in size, in waiters and in waiting time (see
 * docs/operations.md, "Provider connections").
 */
@ApplicationScoped
public class UpstreamClients {

    private final Map<Upstream, UpstreamClient> clients = new IdentityHashMap<>();
    private final EventLoopClients pools;

    UpstreamClients(GatewayConfig config, Vertx vertx,
                    @ConfigProperty(name = "moniker.upstream.connect-timeout") Duration connectTimeout,
                    @ConfigProperty(name = "moniker.upstream.read-timeout") Duration readTimeout,
                    @ConfigProperty(name = "moniker.upstream.pool-wait-timeout") Duration poolWait,
                    @ConfigProperty(name = "moniker.upstream.max-connections-per-host") int maxConnections,
                    @ConfigProperty(name = "moniker.upstream.max-waiting-requests") int maxWaiting,
                    @ConfigProperty(name = "moniker.upstream.idle-connection-timeout") Duration idleConnection,
                    @ConfigProperty(name = "moniker.anthropic.version", defaultValue = "2023-06-01") String anthropicVersion) {
        this.pools = new EventLoopClients(vertx, new HttpClientOptions()
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setKeepAlive(true)
                        // Close pooled connections idle this long, before most providers' own idle timeouts do.
                        .setKeepAliveTimeout((int) Math.max(1, idleConnection.toSeconds()))
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(maxWaiting));
        for (Upstream upstream : config.routingTable().clientUpstreams()) {
            clients.put(upstream, new UpstreamClient(upstream, pools, readTimeout, poolWait, anthropicVersion));
        }
    }

    public UpstreamClient client(Upstream upstream) {
        UpstreamClient client = clients.get(upstream);
        if (client == null) {
            throw new IllegalStateException("no client for provider entry " + upstream.id());
        }
        return client;
    }

    @PreDestroy
    void close() {
        pools.close();
    }
}
