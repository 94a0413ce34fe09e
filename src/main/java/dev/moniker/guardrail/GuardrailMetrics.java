package dev.moniker.guardrail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jboss.logging.Logger;

/**
 * What the guardrails did: {@code moniker.guardrails.actions{alias, rule, action}} (rule {@code PII},
 * {@code jailbreak}, {@code profanity}, {@code sensitive_data}; action {@code blocked}, {@code masked},
 * {@code redacted}, {@code answered}; for {@code max_cost_per_request}: {@code blocked}, {@code capped}), what
 * answers cost ({@code moniker.cost.usd{alias, model}}), and one INFO line per acting request, naming the kind of entity, never the
 * text that matched.
 */
public final class GuardrailMetrics {

    private static final Logger LOG = Logger.getLogger(GuardrailMetrics.class);

    private final MeterRegistry registry;

    public GuardrailMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** What an answer cost, from its reported usage: {@code moniker_cost_usd_total{alias, model}}. */
    void cost(String alias, String model, double usd) {
        registry.counter("moniker.cost.usd", Tags.of("alias", alias, "model", model)).increment(usd);
    }

    void acted(String alias, String rule, String action, int times, String what) {
        registry.counter("moniker.guardrails.actions", Tags.of("alias", alias, "rule", rule, "action", action))
                .increment(times);
        LOG.infof("guardrail %s %s on alias %s: %s", rule, action, alias, what);
    }
}
