package dev.moniker.limit;

import dev.moniker.wire.GatewayError;

import java.util.Map;

/** A spent limit: the 429 to answer, and its headers ({@code retry-after}, {@code x-ratelimit-*}). */
public record Refusal(GatewayError error, Map<String, String> headers) {
}
