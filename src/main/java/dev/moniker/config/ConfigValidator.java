package dev.moniker.config;

import dev.moniker.access.ClientKeys;
import dev.moniker.cost.Prices;
import dev.moniker.limit.Limits;
import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.provider.Upstream;
import dev.moniker.routing.Plan;
import dev.moniker.routing.ModelIndex;
import dev.moniker.routing.RoutingTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides whether a gateway file is valid, and turns it into the immutable
 * {@link RoutingTable}. Start-up, the offline {@code validate} command and a future reload all call
 * {@link #validate}; every problem names its key path and the reason.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    private static Map<String, dev.moniker.provider.BreakerSettings> breakers(ProviderEntries providers,
                                                                                AliasPlans plans) {
        Map<String, dev.moniker.provider.BreakerSettings> all = new java.util.HashMap<>(providers.breakers());
        all.putAll(plans.breakers());
        return all;
    }

    /**
     * Validates a bound gateway file: its provider entries ({@link ProviderEntries}), then its aliases
     * ({@link AliasPlans}), collecting every problem before refusing.
     *
     * @param environment environment variables for {@code $NAME} references
     * @param embedded    whether this is the embedded default, where a provider whose key variable is unset is
     *                    left out with a warning instead of refusing to start
     * @param origin      where the file came from, for messages
     */
    /**
     * An alias whose models are not all of one kind: a fallback or split from an embedding model to a chat model (or
     * back) could only fail, since each serves only its own endpoint.
     */
    private static Optional<String> mixedKinds(String alias, Plan plan) {
        List<String> embedding = plan.targets().stream().filter(t -> t.upstream().isEmbeddingModel(t.modelId()))
                .map(dev.moniker.routing.Target::displayName).distinct().toList();
        if (embedding.isEmpty() || embedding.size() == plan.targets().stream().map(
                dev.moniker.routing.Target::displayName).distinct().count()) {
            return Optional.empty();
        }
        return Optional.of("model_aliases." + alias + ": mixes embedding models (" + String.join(", ", embedding)
                + ") with chat models; an alias serves either /v1/embeddings or chat, so keep them in separate aliases");
    }

    public static ValidatedConfig validate(GatewayFile file, Map<String, String> environment, boolean embedded,
                                           String origin) {
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ProviderEntries providers = new ProviderEntries(environment, embedded, problems, warnings);
        List<Upstream> upstreams = providers.upstreams(file);
        ModelIndex models = new ModelIndex(upstreams);
        AliasPlans plans = new AliasPlans(providers, embedded, problems, warnings);
        Map<String, Plan> aliases = plans.aliases(file.modelAliases(), models, upstreams);
        aliases.forEach((name, plan) -> mixedKinds(name, plan).ifPresent(problems::add));
        GuardrailEntries guardrailEntries = new GuardrailEntries(problems);
        Map<String, GuardrailRules> guardrails = guardrailEntries.aliases(file.modelAliases());
        Optional<String> promptGuard = guardrailEntries.promptGuard(file.promptGuards());
        Prices prices = providers.prices();
        guardrailEntries.priced(guardrails, aliases, prices);
        ClientKeys clientKeys = new ClientKeyEntries(environment, problems)
                .keys(file.clientKeys().orElse(List.of()), upstreams);
        LimitEntries limitEntries = new LimitEntries(problems, environment);
        Limits limits = limitEntries.limits(file.clientKeys().orElse(List.of()), RateLimitRules.of(file),
                file.limitsStore(), upstreams);
        limitEntries.priced(file.clientKeys().orElse(List.of()), limits, aliases, upstreams, prices);
        dev.moniker.conversation.StorageSettings storage = StateStorageEntries.settings(file.stateStorage(), environment,
                problems);
        file.tracing().ifPresent(tracing -> tracing(tracing, problems));
        file.overrides().flatMap(GatewayFile.OverridesEntry::upstreamConnectTimeout)
                .filter(value -> dev.moniker.routing.Durations.parse(value.trim()).isEmpty())
                .ifPresent(value -> problems.add(ConnectTimeoutSource.KEY + ": '" + value + "' is not a duration "
                        + "above zero (like 5s or 500ms)"));
        if (upstreams.isEmpty() && problems.isEmpty()) {
            problems.add("llm_providers: no provider model is configured");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(origin, problems);
        }
        return new ValidatedConfig(new RoutingTable(aliases, models, plans.leftOut()), guardrails, promptGuard,
                prices, limits, breakers(providers, plans), clientKeys, storage, List.copyOf(warnings), origin);
    }

    /** The tracing section's values, as {@link TracingSource} will read them. */
    private static void tracing(GatewayFile.TracingEntry tracing, List<String> problems) {
        tracing.randomSampling().ifPresent(value -> between("tracing.random_sampling", value, 100, "a percentage from "
                + "0 to 100", problems));
        tracing.samplingRate().ifPresent(value -> between("tracing.sampling_rate", value, 1, "a ratio from 0 to 1",
                problems));
        tracing.opentracingGrpcEndpoint().ifPresent(value -> {
            String endpoint = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                problems.add("tracing.opentracing_grpc_endpoint: '" + value + "' is not an http:// or https:// URL "
                        + "(an OTLP collector over gRPC, for example http://otel-collector:4317)");
            }
        });
    }

    private static void between(String key, String value, double most, String what, List<String> problems) {
        try {
            double number = Double.parseDouble(value.trim());
            if (number < 0 || number > most) {
                problems.add(key + ": " + value + " is not " + what);
            }
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + value + "' is not a number (" + what + ")");
        }
    }
}
