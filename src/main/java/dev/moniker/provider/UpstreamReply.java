package dev.moniker.provider;

import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Map;

/**
 * A complete HTTP answer from a provider, success or error, relayed as is.
 *
 * @param status  HTTP status
 * @param headers response headers (names lower-case)
 * @param body    raw body
 */
public record UpstreamReply(int status, Map<String, List<String>> headers, Buffer body) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
