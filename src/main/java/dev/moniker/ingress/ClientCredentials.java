package dev.moniker.ingress;

import dev.moniker.access.ClientKey;
import dev.moniker.access.ClientKeys;
import dev.moniker.wire.GatewayError;

import java.util.Optional;

/** Checks the caller's client key, when {@code client_keys} are configured; the errors never show a key. */
public final class ClientCredentials {

    private ClientCredentials() {
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null. */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : null;
    }

    /** Empty when the caller may go on (a known key, or no client keys configured); else the 401 to answer. */
    public static Optional<GatewayError> authenticate(ClientKeys keys, String presented, KeyHolder holder) {
        return switch (keys.check(presented)) {
            case ClientKeys.Check.Open open -> Optional.empty();
            case ClientKeys.Check.Known known -> {
                holder.key = known.key();
                yield Optional.empty();
            }
            case ClientKeys.Check.Missing missing -> Optional.of(new GatewayError(401, "authentication_error",
                    "missing_api_key", null, "Missing client key: send it as 'Authorization: Bearer <key>'"
                    + " (or 'x-api-key' to /v1/messages)"));
            case ClientKeys.Check.Unknown unknown -> Optional.of(new GatewayError(401, "authentication_error",
                    "invalid_api_key", null, "Invalid client key"));
        };
    }

    /** The 403 for a key that may not use {@code model}; empty when it may. */
    public static Optional<GatewayError> authorize(ClientKey key, String model) {
        if (key == null || key.allows(model)) {
            return Optional.empty();
        }
        return Optional.of(new GatewayError(403, "permission_error", "model_not_allowed", "model",
                "The client key '" + key.name() + "' may not use '" + model + "'"));
    }

    /** Carries the authenticated key from authentication to authorization within one request. */
    public static final class KeyHolder {
        ClientKey key;

        public ClientKey key() {
            return key;
        }
    }
}
