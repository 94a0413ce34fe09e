package dev.moniker.runtime;

import dev.moniker.provider.PoolSettings;
import dev.moniker.provider.UpstreamClients;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** Builds the provider clients of the configured entries from {@code moniker.upstream.*}, once at start-up. */
public class ProviderClients {

    @Produces
    @Singleton
    UpstreamClients clients(GatewayConfig config, Vertx vertx,
                            @ConfigProperty(name = "moniker.upstream.connect-timeout") Duration connectTimeout,
                            @ConfigProperty(name = "moniker.upstream.read-timeout") Duration readTimeout,
                            @ConfigProperty(name = "moniker.upstream.pool-wait-timeout") Duration poolWait,
                            @ConfigProperty(name = "moniker.upstream.max-connections-per-host") int maxConnections,
                            @ConfigProperty(name = "moniker.upstream.max-waiting-requests") int maxWaiting,
                            @ConfigProperty(name = "moniker.upstream.idle-connection-timeout") Duration idle,
                            @ConfigProperty(name = "moniker.anthropic.version", defaultValue = "2023-06-01")
                            String anthropicVersion) {
        return new UpstreamClients(config.routingTable().clientUpstreams(), vertx,
                new PoolSettings(connectTimeout, readTimeout, poolWait, maxConnections, maxWaiting, idle),
                anthropicVersion);
    }

    void close(@Disposes UpstreamClients clients) {
        clients.close();
    }
}
