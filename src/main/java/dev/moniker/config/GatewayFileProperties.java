package dev.moniker.config;

import io.smallrye.config.source.yaml.YamlConfigSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The gateway file flattened to properties ({@code overrides.upstream_connect_timeout}, {@code listeners[0].port}),
 * for the config sources that take process settings from it before the gateway starts ({@link ListenerPortSource},
 * {@link TracingSource}, {@link ConnectTimeoutSource}). Empty when there is no readable, parsable file: the file
 * itself is validated by {@link ConfigLoader}, which names anything wrong with it.
 */
final class GatewayFileProperties {

    private GatewayFileProperties() {
    }

    /** The file named by {@code -Dmoniker.config}, else {@code MONIKER_CONFIG}. */
    static Map<String, String> configured() {
        return of(System.getProperty("moniker.config", System.getenv(ConfigLoader.LOCATION_VARIABLE)));
    }

    static Map<String, String> of(String location) {
        if (location == null || location.isBlank() || !Files.isReadable(Path.of(location))) {
            return Map.of();
        }
        try {
            return new YamlConfigSource(Path.of(location).toUri().toURL(), 0).getProperties();
        } catch (Exception e) {
            return Map.of();
        }
    }
}
