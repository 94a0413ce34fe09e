package dev.moniker.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed headers of one provider entry: its key in the provider's auth style, then its extra headers. */
final class ProviderHeaders {

    private ProviderHeaders() {
    }

    /**
     * @param anthropicVersion the {@code anthropic-version} sent to Anthropic-format providers
     *                         ({@code moniker.anthropic.version}); an entry's own {@code headers} override it
     */
    static Map<String, String> of(Upstream upstream, String anthropicVersion) {
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
            headers.put("anthropic-version", anthropicVersion);
        }
        // The entry's own headers come last, so an operator can override any of the above per entry.
        upstream.headers().forEach((name, value) -> {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
        });
        return headers;
    }
}
