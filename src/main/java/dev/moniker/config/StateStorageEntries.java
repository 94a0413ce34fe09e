package dev.moniker.config;

import dev.moniker.conversation.StorageSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * archgw/Plano's {@code state_storage}: {@code type: memory} (the default) or {@code type: postgres} with a
 * {@code connection_string} ({@code postgresql://user:password@host:port/database}), in which {@code $VAR} and
 * {@code ${VAR}} are read from the environment, as Plano does.
 */
final class StateStorageEntries {

    private StateStorageEntries() {
    }

    static StorageSettings settings(Optional<GatewayFile.StateStorageEntry> declared, Map<String, String> environment,
                                    List<String> problems) {
        if (declared.isEmpty()) {
            return StorageSettings.MEMORY;
        }
        GatewayFile.StateStorageEntry entry = declared.get();
        String type = entry.type().map(String::trim).orElse("");
        switch (type) {
            case "memory" -> {
                entry.connectionString().ifPresent(ignored -> problems.add(
                        "state_storage.connection_string: only with type: postgres"));
                return StorageSettings.MEMORY;
            }
            case "postgres" -> {
                Optional<String> url = entry.connectionString().map(String::trim)
                        .flatMap(value -> substitute(value, environment, problems));
                if (url.isEmpty()) {
                    if (entry.connectionString().isEmpty()) {
                        problems.add("state_storage.connection_string: required with type: postgres, as "
                                + "postgresql://user:password@host:port/database");
                    }
                    return StorageSettings.MEMORY;
                }
                if (!url.get().startsWith("postgresql://") && !url.get().startsWith("postgres://")) {
                    // It may hold a password: name the key, never echo the value.
                    problems.add("state_storage.connection_string: must be postgresql://user:password@host:port/database");
                    return StorageSettings.MEMORY;
                }
                return new StorageSettings(url);
            }
            default -> {
                problems.add("state_storage.type: " + (type.isEmpty() ? "required" : "'" + type + "' is not supported")
                        + " (use memory or postgres)");
                return StorageSettings.MEMORY;
            }
        }
    }

    /** Every {@code $VAR} / {@code ${VAR}} replaced by its value; empty (and a problem) when one is not set. */
    private static Optional<String> substitute(String value, Map<String, String> environment, List<String> problems) {
        Matcher reference = ProviderEntries.ENV_REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String variable = reference.group(1) != null ? reference.group(1) : reference.group(2);
            String resolved = environment.get(variable);
            if (resolved == null || resolved.isBlank()) {
                problems.add("state_storage.connection_string: environment variable " + variable + " is not set");
                return Optional.empty();
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(resolved.trim()));
        }
        reference.appendTail(out);
        return Optional.of(out.toString());
    }
}
