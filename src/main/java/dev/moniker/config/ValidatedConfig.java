package dev.moniker.config;

import dev.moniker.routing.RoutingTable;

import java.util.List;

/**
 * A configuration that passed validation.
 *
 * @param routingTable the immutable routing data the request path uses
 * @param warnings     things worth telling the operator that do not stop the gateway
 * @param origin       where the configuration came from, for the start-up log
 */
public record ValidatedConfig(RoutingTable routingTable, List<String> warnings, String origin) {
}
