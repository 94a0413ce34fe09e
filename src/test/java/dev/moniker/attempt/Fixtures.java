package dev.moniker.attempt;

import dev.moniker.provider.ProviderKind;
import dev.moniker.provider.Upstream;
import dev.moniker.wire.UpstreamReply;
import dev.moniker.routing.Target;
import io.vertx.core.buffer.Buffer;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Provider entries and replies for routing unit tests; nothing here opens a connection. */
final class Fixtures {
    private Fixtures() {
    }

    static Target target(String prefix, String model) {
        return new Target(upstream(prefix + "/" + model, prefix, model), model);
    }

    static Target endpoint(String prefix, String model, int n) {
        return new Target(upstream(prefix + "/" + model + "@" + n, prefix, model), model);
    }

    static Upstream upstream(String id, String prefix, String model) {
        return new Upstream(id, ProviderKind.OPENAI, prefix, model, Optional.empty(),
                URI.create("http://localhost/v1"), Optional.empty(), Map.of(), false, Optional.empty(), false);
    }

    static UpstreamReply reply(int status, String body) {
        return new UpstreamReply(status, Map.of("content-type", List.of("application/json")), Buffer.buffer(body));
    }

    static UpstreamReply reply(int status, String body, String retryAfter) {
        return new UpstreamReply(status, Map.of("content-type", List.of("application/json"),
                "retry-after", List.of(retryAfter)), Buffer.buffer(body));
    }

    static String error(String type, String code, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                + (code == null ? "null" : "\"" + code + "\"") + "}}";
    }
}
