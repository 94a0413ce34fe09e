package dev.moniker.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Moniker's {@code sticky_by} key: where the caller's identity for a sticky traffic split comes from.
 *
 * @param header the request header to read, or {@code null} for the OpenAI {@code user} field
 */
public record StickyBy(String header) {

    public static Optional<StickyBy> parse(String value) {
        String v = value.trim();
        if (v.equals("user")) {
            return Optional.of(new StickyBy(null));
        }
        if (v.startsWith("header:") && v.length() > "header:".length()) {
            return Optional.of(new StickyBy(v.substring("header:".length()).trim().toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    /** The caller's key in this request, if it carries one. */
    public Optional<String> key(String user, Function<String, String> headers) {
        String key = header == null ? user : headers.apply(header);
        return key == null || key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    @Override
    public String toString() {
        return header == null ? "user" : "header:" + header;
    }
}
