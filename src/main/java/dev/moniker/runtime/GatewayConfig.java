package dev.moniker.runtime;

import dev.moniker.config.ConfigLoader;
import dev.moniker.config.ValidatedConfig;
import dev.moniker.routing.RoutingTable;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The validated gateway configuration: loaded when the application starts, and again on a reload. A refused
 * configuration at start-up throws here, so Quarkus stops before serving anything and the process exits non-zero;
 * a refused reload throws to the {@link ConfigReloader}, and the configuration in force stays.
 *
 * <p>{@code MONIKER_CONFIG} reaches us as the property {@code moniker.config} (SmallRye maps environment
 * variables to properties), which also lets tests name a file with a system property.
 */
@Startup
@ApplicationScoped
public class GatewayConfig {

    private static final Logger LOG = Logger.getLogger(GatewayConfig.class);

    private final Optional<String> location;
    private final ConfigLoader.Origin origin;
    private volatile ValidatedConfig config;

    GatewayConfig(@ConfigProperty(name = "moniker.config") Optional<String> location) {
        this.location = location;
        Map<String, String> environment = environment();
        this.origin = ConfigLoader.locate(environment);
        this.config = ConfigLoader.load(origin, environment);
        RoutingTable table = config.routingTable();
        LOG.infof("Moniker routes %d aliases over %d provider entries, from %s",
                table.aliases().size(), table.upstreams().size(), config.origin());
    }

    /** The configuration in force (the last one loaded): routing table, guardrails, prices, client keys. */
    public ValidatedConfig validated() {
        return config;
    }

    /** The file the configuration came from; empty for the embedded default, which cannot change. */
    public Optional<Path> file() {
        if (origin.embedded()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(origin.url().toURI()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads and validates the file again, with the same code as start-up and the environment read again; throws
     * {@link dev.moniker.config.InvalidConfigException} naming every problem, and then keeps the previous one.
     */
    public ValidatedConfig reload() {
        ValidatedConfig next = ConfigLoader.load(origin, environment());
        config = next;
        return next;
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        location.ifPresent(path -> environment.put(ConfigLoader.LOCATION_VARIABLE, path));
        return environment;
    }
}
