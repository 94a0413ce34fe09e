package dev.moniker.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The listening port an archgw or Plano file names, as {@code quarkus.http.port}: {@code listeners.egress_traffic.port}
 * (archgw's LLM listener), a {@code listeners} list entry of {@code type: model} (Plano), or the older singular
 * {@code listener.port}. Its ordinal (255) sits above {@code application.properties} (250, whose default is 12000)
 * and below environment variables (300) and system properties (400), so {@code QUARKUS_HTTP_PORT} and
 * {@code -Dquarkus.http.port} still win. Only the port is read here; the file itself is validated by
 * {@link ConfigLoader}, which reports anything wrong with it.
 */
public final class ListenerPortSource implements ConfigSource {

    static final String PORT = "quarkus.http.port";

    private volatile Optional<String> port;

    @Override
    public Set<String> getPropertyNames() {
        return port().isPresent() ? Set.of(PORT) : Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return PORT.equals(propertyName) ? port().orElse(null) : null;
    }

    @Override
    public String getName() {
        return "the gateway file's listener port";
    }

    @Override
    public int getOrdinal() {
        return 255;
    }

    private Optional<String> port() {
        Optional<String> known = port;
        if (known == null) {
            known = read(System.getProperty("moniker.config", System.getenv(ConfigLoader.LOCATION_VARIABLE)));
            port = known;
        }
        return known;
    }

    /** The port the file at {@code location} names, if it names a valid one. */
    static Optional<String> read(String location) {
        Map<String, String> properties = GatewayFileProperties.of(location);
        try {
            String port = properties.get("listeners.egress_traffic.port");
            for (int i = 0; port == null && properties.containsKey("listeners[" + i + "].name"); i++) {
                String type = properties.getOrDefault("listeners[" + i + "].type", "");
                if (type.equals("model") || type.equals("model_listener")) {
                    port = properties.get("listeners[" + i + "].port");
                }
            }
            if (port == null) {
                port = properties.get("listener.port");
            }
            int value = port == null ? -1 : Integer.parseInt(port.trim());
            return value >= 0 && value <= 65535 ? Optional.of(Integer.toString(value)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty(); // ConfigLoader names the problem
        }
    }
}
