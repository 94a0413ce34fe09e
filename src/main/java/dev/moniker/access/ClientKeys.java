package dev.moniker.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configured {@code client_keys}: who may call the gateway, and which aliases each may use. Keys are held only
 * as SHA-256 digests: a presented key is hashed and looked up, so the comparison never touches the key itself and
 * takes the same time whatever the presented key shares with a real one. Without client keys the gateway is open,
 * as before.
 */
public final class ClientKeys {

    public static final ClientKeys OPEN = new ClientKeys(List.of());

    /** The outcome of checking a presented credential. */
    public sealed interface Check {
        record Open() implements Check {
        }

        record Missing() implements Check {
        }

        record Unknown() implements Check {
        }

        record Known(ClientKey key) implements Check {
        }
    }

    private final Map<String, ClientKey> byDigest;

    public ClientKeys(List<ClientKey> keys) {
        this.byDigest = keys.stream().collect(Collectors.toUnmodifiableMap(ClientKey::sha256Hex, Function.identity()));
    }

    public boolean enabled() {
        return !byDigest.isEmpty();
    }

    /** @param presented the key the caller sent ({@code Authorization: Bearer ...} or {@code x-api-key}), or null */
    public Check check(String presented) {
        if (!enabled()) {
            return new Check.Open();
        }
        if (presented == null || presented.isBlank()) {
            return new Check.Missing();
        }
        ClientKey key = byDigest.get(sha256Hex(presented.trim()));
        return key == null ? new Check.Unknown() : new Check.Known(key);
    }

    public static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
