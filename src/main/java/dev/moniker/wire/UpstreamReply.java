package dev.moniker.wire;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A complete HTTP answer from a provider, success or error, relayed as is or translated to the caller's format.
 *
 * @param status  HTTP status
 * @param headers response headers (names lower-case)
 * @param body    raw body
 */
public record UpstreamReply(int status, Map<String, List<String>> headers, Buffer body) {

    /** An answer as received: its header names are lower-cased here, once. */
    public static UpstreamReply of(int status, MultiMap headers, Buffer body) {
        Map<String, List<String>> lowerCase = new TreeMap<>();
        headers.forEach(e -> lowerCase.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>()).add(e.getValue()));
        return new UpstreamReply(status, lowerCase, body);
    }

    /** A JSON answer the gateway wrote (a translation or an error), keeping {@code headers} but their framing. */
    public static UpstreamReply json(int status, Buffer body, Map<String, List<String>> headers) {
        Map<String, List<String>> result = new TreeMap<>(headers);
        result.put("content-type", List.of("application/json"));
        result.remove("content-length");
        return new UpstreamReply(status, result, body);
    }

    /** The same answer with another body (a stage rewrote it). */
    public UpstreamReply withBody(Buffer newBody) {
        return json(status, newBody, headers);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
