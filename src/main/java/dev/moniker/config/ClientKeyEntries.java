package dev.moniker.config;

import dev.moniker.access.ClientKey;
import dev.moniker.access.ClientKeys;
import dev.moniker.provider.Upstream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Validates {@code client_keys} into {@link ClientKeys}, each problem naming its key. */
final class ClientKeyEntries {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private final Map<String, String> environment;
    private final List<String> problems;

    ClientKeyEntries(Map<String, String> environment, List<String> problems) {
        this.environment = environment;
        this.problems = problems;
    }

    ClientKeys keys(List<GatewayFile.ClientKeyEntry> entries, List<Upstream> upstreams) {
        List<ClientKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "client_keys[" + i + "]";
            GatewayFile.ClientKeyEntry entry = entries.get(i);
            String name = entry.name().map(String::trim).orElse("");
            if (name.isEmpty()) {
                problems.add(path + ".name: required (what logs and errors call this key)");
                continue;
            }
            if (!names.add(name)) {
                problems.add(path + ".name: '" + name + "' is used by another key");
                continue;
            }
            String digest = digest(path, entry);
            if (digest == null) {
                continue;
            }
            if (!digests.add(digest)) {
                problems.add(path + ": the same key as another entry");
                continue;
            }
            keys.add(new ClientKey(name, digest, entry.allowedAliases().orElse(List.of())));
        }
        if (!keys.isEmpty()) {
            for (Upstream upstream : upstreams) {
                if (upstream.passthroughAuth()) {
                    problems.add("llm_providers: '" + upstream.id() + "' has passthrough_auth, which forwards the "
                            + "caller's Authorization header; with client_keys that header is a Moniker client key, "
                            + "which must not reach a provider");
                }
            }
        }
        return keys.isEmpty() ? ClientKeys.OPEN : new ClientKeys(keys);
    }

    private String digest(String path, GatewayFile.ClientKeyEntry entry) {
        if (entry.key().isPresent() == entry.keySha256().isPresent()) {
            problems.add(path + ": give exactly one of key and key_sha256");
            return null;
        }
        if (entry.keySha256().isPresent()) {
            String hex = entry.keySha256().get().trim();
            if (!SHA256.matcher(hex).matches()) {
                problems.add(path + ".key_sha256: expected 64 hexadecimal digits (the SHA-256 of the key)");
                return null;
            }
            return hex.toLowerCase(java.util.Locale.ROOT);
        }
        String value = entry.key().get().trim();
        Matcher reference = ProviderEntries.ENV_REFERENCE.matcher(value);
        if (reference.matches()) {
            String variable = reference.group(1) != null ? reference.group(1) : reference.group(2);
            String resolved = environment.get(variable);
            if (resolved == null || resolved.isBlank()) {
                problems.add(path + ".key: environment variable " + variable + " is not set");
                return null;
            }
            value = resolved.trim();
        }
        if (value.length() < 16) {
            problems.add(path + ".key: too short (at least 16 characters; a client key is a password)");
            return null;
        }
        return ClientKeys.sha256Hex(value);
    }
}
