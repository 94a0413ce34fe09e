package dev.moniker.ingress;

import dev.moniker.wire.GatewayError;

import java.util.List;

/**
 * A request answered before any provider call: refused with an error, or answered by a stage with its own text;
 * with what the stages did, for the {@code x-moniker-guardrails} header.
 */
final class Stopped extends RuntimeException {
    final GatewayError error;
    final String reply;
    final boolean stream;
    final String model;
    final List<String> notes;

    Stopped(GatewayError error) {
        this(error, null, false, null, List.of());
    }

    Stopped(GatewayError error, String reply, boolean stream, String model, List<String> notes) {
        super(error != null ? error.message() : "answered by a stage", null, false, false);
        this.error = error;
        this.reply = reply;
        this.stream = stream;
        this.model = model;
        this.notes = notes;
    }
}
