package dev.moniker.config;

import java.util.Map;

/**
 * Plano's {@code overrides.upstream_connect_timeout} ({@code 5s}) as {@code moniker.upstream.connect-timeout}, the
 * TCP/TLS connect bound of every provider connection. Like {@link ListenerPortSource}, its ordinal (255) sits above
 * {@code application.properties} and below environment variables and system properties, so
 * {@code MONIKER_UPSTREAM_CONNECT_TIMEOUT} still wins. Read once at start-up: the connection pools are built then,
 * so a reload does not change it ({@code docs/operations.md} says so). {@link ConfigValidator} checks the value.
 */
public final class ConnectTimeoutSource extends GatewayFileSource {

    static final String KEY = "overrides.upstream_connect_timeout";
    static final String PROPERTY = "moniker.upstream.connect-timeout";

    @Override
    public String getName() {
        return "the gateway file's overrides.upstream_connect_timeout";
    }

    @Override
    Map<String, String> compute() {
        return settings(GatewayFileProperties.configured());
    }

    /** The property, when the file gives a duration Moniker reads ({@code 5s}, {@code 500ms}, {@code 1m}). */
    static Map<String, String> settings(Map<String, String> file) {
        String value = file.get(KEY);
        if (value == null) {
            return Map.of();
        }
        // An unreadable value is left out here: the validator refuses the file, naming the key.
        return dev.moniker.routing.Durations.parse(value.trim()).map(d -> Map.of(PROPERTY, d.toString()))
                .orElse(Map.of());
    }
}
