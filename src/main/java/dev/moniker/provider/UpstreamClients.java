package dev.moniker.provider;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link UpstreamClient} per configured provider entry and per load-balanced endpoint, built with each runtime
 * snapshot: the request path only looks them up. All entries share pooled Vert.x HTTP clients, one per event loop
 * ({@link EventLoopClients}), each keeping a pool per host, bounded in size, in waiters and in waiting time.
 */
public final class UpstreamClients implements AutoCloseable {

    private final Map<Upstream, UpstreamClient> clients = new IdentityHashMap<>();
    private final EventLoopClients pools;
    private final PoolSettings settings;
    private final String anthropicVersion;

    public UpstreamClients(List<Upstream> upstreams, Vertx vertx, PoolSettings settings, String anthropicVersion) {
        this(upstreams, new EventLoopClients(vertx, new HttpClientOptions()
                        .setConnectTimeout((int) settings.connectTimeout().toMillis())
                        .setKeepAlive(true)
                        // Close pooled connections idle this long, before most providers' own idle timeouts do.
                        .setKeepAliveTimeout((int) Math.max(1, settings.idleConnection().toSeconds()))
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(settings.maxConnections())
                        .setMaxWaitQueueSize(settings.maxWaiting())), settings, anthropicVersion);
    }

    private UpstreamClients(List<Upstream> upstreams, EventLoopClients pools, PoolSettings settings,
                            String anthropicVersion) {
        this.pools = pools;
        this.settings = settings;
        this.anthropicVersion = anthropicVersion;
        for (Upstream upstream : upstreams) {
            clients.put(upstream, new UpstreamClient(upstream, pools, settings.readTimeout(), settings.stallTimeout(),
                    settings.poolWait(), anthropicVersion));
        }
    }

    /**
     * The adapters of a reloaded configuration's entries, over the same connection pools: requests still running
     * on this set keep their connections, and nothing needs closing when an entry goes away.
     */
    public UpstreamClients reconfigured(List<Upstream> upstreams) {
        return new UpstreamClients(upstreams, pools, settings, anthropicVersion);
    }

    public UpstreamClient client(Upstream upstream) {
        UpstreamClient client = clients.get(upstream);
        if (client == null) {
            throw new IllegalStateException("no client for provider entry " + upstream.id());
        }
        return client;
    }

    @Override
    public void close() {
        pools.close();
    }
}
