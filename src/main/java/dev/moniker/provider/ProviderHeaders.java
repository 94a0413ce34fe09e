package dev.moniker.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fixed headers of one provider entry: its key in the provider's auth style, then its extra headers. */
public final class ProviderHeaders {

    private ProviderHeaders() {
    }

    /** The names of the headers an entry sends (never their values, which may be keys): for {@code explain}. */
    public static java.util.List<String> names(Upstream upstream) {
        java.util.List<String> names = new java.util.ArrayList<>(of(upstream, "").keySet());
        if (upstream.passthroughAuth()) {
            names.add(0, "Authorization (the caller's, passthrough_auth)");
        }
        upstream.aws().ifPresent(aws -> names.addAll(0, AwsSigning.headerNames(aws)));
        return names;
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
