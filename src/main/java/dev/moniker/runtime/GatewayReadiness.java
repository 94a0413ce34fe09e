package dev.moniker.runtime;

import dev.moniker.attempt.EndpointHealth;
import dev.moniker.provider.Upstream;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Locale;

/**
 * Readiness: up once the configuration is loaded and its runtime snapshot (routing table, provider clients) is built,
 * with each configured provider entry's circuit breaker state as detail ({@code closed}, {@code half_open},
 * {@code open}), the configuration generation and what the last reload did, so an operator sees at a glance which providers the gateway is routing around. An open breaker does
 * not make the gateway unready: fallbacks may still serve, and restarting a pod would not heal a provider.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {

    private final GatewayRuntime runtime;
    private final ConfigReloader reloader;

    GatewayReadiness(GatewayRuntime runtime, ConfigReloader reloader) {
        this.runtime = runtime;
        this.reloader = reloader;
    }

    @Override
    public HealthCheckResponse call() {
        Snapshot snapshot = runtime.current();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("moniker");
        if (snapshot == null) {
            return response.down().build();
        }
        response.withData("aliases", snapshot.table().aliases().size());
        response.withData("config generation", snapshot.generation());
        ConfigReloader.Status reload = reloader.status();
        if (reload.at().isPresent()) {
            // A refused reload does not make the gateway unready: the configuration in force still serves.
            response.withData("last reload", reload.ok() ? "ok at " + reload.at().get()
                    : "refused at " + reload.at().get() + ": " + String.join("; ", reload.problems()));
        }
        for (Upstream upstream : snapshot.table().upstreams()) {
            EndpointHealth.State state = snapshot.health().state(upstream);
            response.withData("breaker " + upstream.name().orElse(upstream.qualifiedModel()),
                    state.breakerState().name().toLowerCase(Locale.ROOT));
        }
        return response.up().build();
    }
}
