package dev.moniker.stage;

/** Makes one request's instance of a stage; built once per alias from the configuration, and immutable. */
@FunctionalInterface
public interface StageFactory {
    Stage begin();
}
