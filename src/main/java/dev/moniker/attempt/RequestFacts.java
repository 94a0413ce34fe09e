package dev.moniker.attempt;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What routing may read from a request: the caller's user id and the headers (for {@code sticky_by}). The user id
 * is read from the body only when a sticky split asks for it: most requests never need it.
 */
public final class RequestFacts {
    private final Supplier<String> userSource;
    private final Function<String, String> headers;
    private String user;
    private boolean userRead;

    private RequestFacts(Supplier<String> userSource, Function<String, String> headers) {
        this.userSource = userSource;
        this.headers = headers;
    }

    /**
     * @param user    the caller's user id, or {@code null}
     * @param headers header lookup by lower-case name
     */
    public RequestFacts(String user, Function<String, String> headers) {
        this(() -> user, headers);
    }

    /** Facts whose user id is computed on first use. */
    public static RequestFacts lazy(Supplier<String> user, Function<String, String> headers) {
        return new RequestFacts(user, headers);
    }

    public static RequestFacts none() {
        return new RequestFacts((String) null, name -> null);
    }

    public String user() {
        if (!userRead) {
            user = userSource.get();
            userRead = true;
        }
        return user;
    }

    public Function<String, String> headers() {
        return headers;
    }
}
