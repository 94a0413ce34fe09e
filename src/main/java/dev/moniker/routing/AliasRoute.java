package dev.moniker.routing;

/**
 * A validated alias: the name clients use and the target it finally resolves to (alias chains already followed).
 *
 * @param name   the alias
 * @param target the concrete model that serves it
 */
public record AliasRoute(String name, Target target) {
}
