package dev.moniker.runtime;

import dev.moniker.config.ConfigLoader;
import dev.moniker.config.ValidatedConfig;
import dev.moniker.routing.RoutingTable;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The validated gateway configuration, loaded once when the application starts. A refused configuration throws
 * here, so Quarkus stops before serving anything and the process exits non-zero.
 *
 * <p>{@code MONIKER_CONFIG} reaches us as the property {@code moniker.config} (SmallRye maps environment
 * variables to properties), which also lets tests name a file with a system property.
 */
@Startup
@ApplicationScoped
public class GatewayConfig {

    private static final Logger LOG = Logger.getLogger(GatewayConfig.class);

    private final ValidatedConfig config;

    GatewayConfig(@ConfigProperty(name = "moniker.config") Optional<String> location) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        location.ifPresent(path -> environment.put(ConfigLoader.LOCATION_VARIABLE, path));
        this.config = ConfigLoader.load(environment);
        RoutingTable table = config.routingTable();
        LOG.infof("Moniker routes %d aliases over %d provider entries, from %s",
                table.aliases().size(), table.upstreams().size(), config.origin());
    }

    public RoutingTable routingTable() {
        return config.routingTable();
    }

    /** The validated configuration: routing table, guardrails, prompt guard. */
    public ValidatedConfig validated() {
        return config;
    }
}
