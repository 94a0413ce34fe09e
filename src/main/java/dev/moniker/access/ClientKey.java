package dev.moniker.access;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One client key: its name (what logs and errors call it; the key itself is never shown), the SHA-256 of the key,
 * and the aliases it may use ({@code allowed_aliases}: names or globs with {@code *}; empty means all).
 */
public final class ClientKey {

    private final String name;
    private final String sha256Hex;
    private final List<String> allowedAliases;
    private final List<Pattern> allowed;

    public ClientKey(String name, String sha256Hex, List<String> allowedAliases) {
        this.name = name;
        this.sha256Hex = sha256Hex;
        this.allowedAliases = List.copyOf(allowedAliases);
        this.allowed = this.allowedAliases.stream().map(ClientKey::glob).toList();
    }

    public String name() {
        return name;
    }

    String sha256Hex() {
        return sha256Hex;
    }

    public List<String> allowedAliases() {
        return allowedAliases;
    }

    /** Whether this key may use {@code model} (an alias, or a provider model named directly). */
    public boolean allows(String model) {
        return allowed.isEmpty() || allowed.stream().anyMatch(pattern -> pattern.matcher(model).matches());
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Names the key without its digest. */
    @Override
    public String toString() {
        return "ClientKey[" + name + ", allowed=" + allowedAliases + "]";
    }
}
