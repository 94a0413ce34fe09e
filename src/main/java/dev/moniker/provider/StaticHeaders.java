package dev.moniker.provider;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

import java.util.Map;

/**
 * Adds one provider entry's fixed headers (its key in the provider's auth style, and the entry's extra
 * {@code headers}) to every request of that entry's REST client. Incoming client headers are never copied:
 * the caller's {@code Authorization} reaches a provider only through an explicit passthrough parameter.
 */
final class StaticHeaders implements ClientHeadersFactory {
    private final Map<String, String> headers;

    StaticHeaders(Map<String, String> headers) {
        this.headers = Map.copyOf(headers);
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> result = new MultivaluedHashMap<>();
        result.putAll(outgoing);
        headers.forEach(result::putSingle);
        return result;
    }
}
