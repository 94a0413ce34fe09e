package dev.moniker.cost;

import java.util.Map;
import java.util.Optional;

/**
 * The list prices Moniker knows without being told, by model id: what {@code max_cost_per_request} uses for an
 * entry that has no {@code pricing} of its own.
 *
 * <p>Compiled from the providers' published price pages (OpenAI, Anthropic, Google, Mistral, Groq for the
 * open-weights models) as they stood in 2025, standard tier, no batch or cache discounts; this machine cannot reach
 * them to check again, so {@code docs/guardrails.md} says so and every entry can override its price with
 * {@code pricing}. Open-weights models that several providers serve ({@code gpt-oss-120b}, Llama) are priced at
 * Groq's list price; an entry served elsewhere should say its own.
 */
public final class PriceList {

    /** When the table was compiled; shown in the docs and the {@code explain} output. */
    public static final String AS_OF = "2025";

    private static final Map<String, Price> BUILT_IN = Map.ofEntries(
            // OpenAI
            Map.entry("gpt-5", Price.of(1.25, 10.00, 128_000)),
            Map.entry("gpt-5-mini", Price.of(0.25, 2.00, 128_000)),
            Map.entry("gpt-5-nano", Price.of(0.05, 0.40, 128_000)),
            Map.entry("gpt-4.1", Price.of(2.00, 8.00, 32_768)),
            Map.entry("gpt-4.1-mini", Price.of(0.40, 1.60, 32_768)),
            Map.entry("gpt-4.1-nano", Price.of(0.10, 0.40, 32_768)),
            Map.entry("gpt-4o", Price.of(2.50, 10.00, 16_384)),
            Map.entry("gpt-4o-mini", Price.of(0.15, 0.60, 16_384)),
            Map.entry("gpt-4-turbo", Price.of(10.00, 30.00, 4_096)),
            Map.entry("gpt-3.5-turbo", Price.of(0.50, 1.50, 4_096)),
            Map.entry("o1", Price.of(15.00, 60.00, 100_000)),
            Map.entry("o3", Price.of(2.00, 8.00, 100_000)),
            Map.entry("o3-mini", Price.of(1.10, 4.40, 100_000)),
            Map.entry("o4-mini", Price.of(1.10, 4.40, 100_000)),
            // open-weights models, at Groq's list price
            Map.entry("gpt-oss-120b", Price.of(0.15, 0.75, 65_536)),
            Map.entry("gpt-oss-20b", Price.of(0.10, 0.50, 65_536)),
            Map.entry("llama-3.3-70b-versatile", Price.of(0.59, 0.79, 32_768)),
            Map.entry("llama-3.1-8b-instant", Price.of(0.05, 0.08, 131_072)),
            // Anthropic
            Map.entry("claude-opus-4-5", Price.of(5.00, 25.00, 64_000)),
            Map.entry("claude-opus-4-1", Price.of(15.00, 75.00, 32_000)),
            Map.entry("claude-opus-4", Price.of(15.00, 75.00, 32_000)),
            Map.entry("claude-sonnet-4-5", Price.of(3.00, 15.00, 64_000)),
            Map.entry("claude-sonnet-4", Price.of(3.00, 15.00, 64_000)),
            Map.entry("claude-haiku-4-5", Price.of(1.00, 5.00, 64_000)),
            Map.entry("claude-3-7-sonnet", Price.of(3.00, 15.00, 64_000)),
            Map.entry("claude-3-5-sonnet", Price.of(3.00, 15.00, 8_192)),
            Map.entry("claude-3-5-haiku", Price.of(0.80, 4.00, 8_192)),
            Map.entry("claude-3-opus", Price.of(15.00, 75.00, 4_096)),
            Map.entry("claude-3-haiku", Price.of(0.25, 1.25, 4_096)),
            // Google
            Map.entry("gemini-2.5-pro", Price.of(1.25, 10.00, 65_536)),
            Map.entry("gemini-2.5-flash", Price.of(0.30, 2.50, 65_536)),
            Map.entry("gemini-2.0-flash", Price.of(0.10, 0.40, 8_192)),
            // Mistral
            Map.entry("mistral-large-latest", Price.of(2.00, 6.00, 32_768)),
            Map.entry("mistral-small-latest", Price.of(0.20, 0.60, 32_768)));

    private PriceList() {
    }

    /**
     * The list price of {@code modelId}: exact, else the longest known id it extends with a version suffix
     * ({@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-20250514}, {@code claude-3-5-sonnet-latest}), looked up on
     * the last path segment too ({@code openai/gpt-oss-120b} as Groq names it). {@code gpt-4o-mini} never falls back
     * to {@code gpt-4o}: only a dated or {@code -latest} suffix is a version.
     */
    public static Optional<Price> lookup(String modelId) {
        if (modelId == null || modelId.isEmpty()) {
            return Optional.empty();
        }
        String id = modelId.substring(modelId.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
        Price exact = BUILT_IN.get(id);
        if (exact != null) {
            return Optional.of(exact);
        }
        String best = null;
        for (String known : BUILT_IN.keySet()) {
            if (id.startsWith(known) && isVersionSuffix(id.substring(known.length()))
                    && (best == null || known.length() > best.length())) {
                best = known;
            }
        }
        return Optional.ofNullable(best).map(BUILT_IN::get);
    }

    private static boolean isVersionSuffix(String rest) {
        return rest.equals("-latest") || rest.length() > 1 && rest.charAt(0) == '-' && Character.isDigit(rest.charAt(1));
    }
}
