package dev.moniker.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed headers of one provider entry: its key in the provider's auth style, then its extra headers. */
final class ProviderHeaders {
    static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

    private ProviderHeaders() {
    }

    static Map<String, String> of(Upstream upstream) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!upstream.passthroughAuth()) {
            upstream.key().ifPresent(key -> {
                switch (upstream.kind().authStyle()) {
                    case BEARER -> headers.put("Authorization", "Bearer " + key.reveal());
                    case API_KEY_HEADER -> headers.put("api-key", key.reveal());
                    case X_API_KEY -> headers.put("x-api-key", key.reveal());
                }
            });
        }
        if (upstream.kind().authStyle() == AuthStyle.X_API_KEY) {
            headers.put("anthropic-version", DEFAULT_ANTHROPIC_VERSION);
        }
        headers.putAll(upstream.headers());
        return headers;
    }
}
