package dev.moniker.config;

import dev.moniker.access.ClientKeys;
import dev.moniker.cost.Prices;
import dev.moniker.limit.Limits;
import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.routing.RoutingTable;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration that passed validation.
 *
 * @param routingTable the immutable routing data the request path uses
 * @param guardrails   each alias's content guardrails, for aliases that have any
 * @param promptGuard  the listener-wide jailbreak guard's answer, if configured
 * @param prices       what each entry's models cost (its {@code pricing}, else the built-in list price)
 * @param limits       each client key's limits and archgw's {@code ratelimits}
 * @param breakers     circuit breaker thresholds of entries and pool endpoints that set their own, by entry id
 * @param clientKeys   who may call the gateway ({@link ClientKeys#OPEN} without {@code client_keys})
 * @param storage      where Responses API conversations are kept ({@code state_storage})
 * @param warnings     things worth telling the operator that do not stop the gateway
 * @param origin       where the configuration came from, for the start-up log
 */
public record ValidatedConfig(RoutingTable routingTable, Map<String, GuardrailRules> guardrails,
                              Optional<String> promptGuard, Prices prices, Limits limits,
                              Map<String, dev.moniker.provider.BreakerSettings> breakers, ClientKeys clientKeys,
                              dev.moniker.conversation.StorageSettings storage, List<String> warnings, String origin) {

    public ValidatedConfig {
        guardrails = Map.copyOf(guardrails);
        breakers = Map.copyOf(breakers);
    }
}
