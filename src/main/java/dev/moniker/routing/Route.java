package dev.moniker.routing;

import java.util.Optional;

/**
 * What one request resolved to.
 *
 * @param requested the model the client asked for ({@code null} when it named none and the default was used)
 * @param alias     the alias the client used, if any
 * @param target    the model to call
 */
public record Route(String requested, Optional<String> alias, Target target) {
}
