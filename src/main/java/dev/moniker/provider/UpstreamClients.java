package dev.moniker.provider;

import dev.moniker.gateway.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One {@link UpstreamClient} per configured provider entry, built once at start-up: the request path only looks
 * them up. All entries share one pooled Vert.x HTTP client (it keeps a pool per host), for complete answers and
 * streams alike.
 */
@ApplicationScoped
public class UpstreamClients {

    private final Map<Upstream, UpstreamClient> clients = new IdentityHashMap<>();
    private final HttpClient streams;

    UpstreamClients(GatewayConfig config, Vertx vertx,
                    @ConfigProperty(name = "moniker.upstream.connect-timeout") Duration connectTimeout,
                    @ConfigProperty(name = "moniker.upstream.read-timeout") Duration readTimeout,
                    @ConfigProperty(name = "moniker.upstream.max-connections-per-host", defaultValue = "256") int maxConnections) {
        this.streams = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(maxConnections));
        for (Upstream upstream : config.routingTable().upstreams()) {
            clients.put(upstream, new UpstreamClient(upstream, streams, readTimeout));
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
        streams.close();
    }
}
