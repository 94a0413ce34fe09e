package dev.moniker.config;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Map;
import java.util.Set;

/**
 * A config source of process settings the gateway file decides before the gateway starts (tracing, the providers'
 * connect timeout). Its ordinal (255) sits above {@code application.properties} and below environment variables
 * and system properties, which still win. Computed once, on first read: a reload does not change these.
 */
abstract class GatewayFileSource implements ConfigSource {

    private volatile Map<String, String> properties;

    /** The properties, from the environment, the system properties and the gateway file. */
    abstract Map<String, String> compute();

    @Override
    public final Set<String> getPropertyNames() {
        return properties().keySet();
    }

    @Override
    public final String getValue(String propertyName) {
        return properties().get(propertyName);
    }

    @Override
    public final int getOrdinal() {
        return 255;
    }

    private Map<String, String> properties() {
        Map<String, String> known = properties;
        if (known == null) {
            known = compute();
            properties = known;
        }
        return known;
    }
}
