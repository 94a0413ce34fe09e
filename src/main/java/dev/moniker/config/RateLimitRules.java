package dev.moniker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every token budget of a file, by the key path it was written at: archgw's top-level {@code ratelimits} entries,
 * then its older per-provider form ({@code llm_providers[i].rate_limits}, selector {@code http_header.name} and
 * {@code value}), which is read as a {@code ratelimits} entry for that provider entry.
 */
final class RateLimitRules {

    private RateLimitRules() {
    }

    static List<Map.Entry<String, GatewayFile.RateLimitEntry>> of(GatewayFile file) {
        List<Map.Entry<String, GatewayFile.RateLimitEntry>> rules = new ArrayList<>();
        List<GatewayFile.RateLimitEntry> top = file.ratelimits().orElse(List.of());
        for (int i = 0; i < top.size(); i++) {
            rules.add(Map.entry("ratelimits[" + i + "]", top.get(i)));
        }
        perProvider("llm_providers", file.llmProviders().orElse(List.of()), rules);
        perProvider("model_providers", file.modelProviders().orElse(List.of()), rules);
        return rules;
    }

    private static void perProvider(String section, List<GatewayFile.ProviderEntry> entries,
                                    List<Map.Entry<String, GatewayFile.RateLimitEntry>> rules) {
        for (int i = 0; i < entries.size(); i++) {
            GatewayFile.ProviderEntry entry = entries.get(i);
            String path = section + "[" + i + "].rate_limits";
            entry.rateLimits().ifPresent(limits -> rules.add(Map.entry(path,
                    new PerProvider(entry.name().or(entry::model), limits))));
        }
    }

    /** A per-provider budget seen as a {@code ratelimits} entry for its own provider entry. */
    private record PerProvider(Optional<String> model, GatewayFile.ProviderRateLimits limits)
            implements GatewayFile.RateLimitEntry {

        @Override
        public Optional<GatewayFile.SelectorEntry> selector() {
            Optional<GatewayFile.HeaderEntry> header = limits.selector().flatMap(GatewayFile.HeaderSelector::httpHeader);
            return Optional.of(new GatewayFile.SelectorEntry() {
                @Override
                public Optional<String> key() {
                    return header.flatMap(GatewayFile.HeaderEntry::name);
                }

                @Override
                public Optional<String> value() {
                    return header.flatMap(GatewayFile.HeaderEntry::value);
                }
            });
        }

        @Override
        public Optional<GatewayFile.LimitEntry> limit() {
            return limits.limit();
        }
    }
}
