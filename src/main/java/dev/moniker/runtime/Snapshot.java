package dev.moniker.runtime;

import dev.moniker.access.ClientKeys;
import dev.moniker.attempt.AttemptLoop;
import dev.moniker.attempt.EndpointHealth;
import dev.moniker.conversation.ConversationStore;
import dev.moniker.limit.Limiter;
import dev.moniker.provider.UpstreamClients;
import dev.moniker.routing.RoutingTable;
import dev.moniker.stage.StagePlan;
import dev.moniker.translate.Translations;

import java.util.Map;

/**
 * Everything a request reads that the configuration decides, as one immutable value: the routing table, the provider
 * adapters, endpoint health, the attempt loop, the translators and each plan's stages. A request reads the current
 * snapshot once ({@link GatewayRuntime#current()}) and uses it to its end, so a reload that swaps the snapshot never
 * changes a request half-way.
 *
 * @param stages     each plan's stages, by plan name; a plan without stages is absent
 * @param clientKeys who may call the gateway, and which aliases each may use
 * @param limiter    the client keys' limits and archgw's ratelimits, over counters kept across reloads
 * @param conversations where Responses API conversations are kept
 * @param generation 1 for the configuration read at start-up, then one more per reload
 */
public record Snapshot(RoutingTable table, UpstreamClients clients, EndpointHealth health, AttemptLoop loop,
                       Translations translations, Map<String, StagePlan> stages, ClientKeys clientKeys,
                       Limiter limiter, ConversationStore conversations, long generation) {

    public Snapshot {
        stages = Map.copyOf(stages);
    }

    public StagePlan stagesFor(String plan) {
        return stages.getOrDefault(plan, StagePlan.NONE);
    }
}
