package dev.moniker.attempt;

import java.util.function.Function;

/**
 * What routing may read from a request: the OpenAI {@code user} field and the headers (for {@code sticky_by}).
 *
 * @param user    the body's {@code user}, or {@code null}
 * @param headers header lookup by lower-case name
 */
public record RequestFacts(String user, Function<String, String> headers) {

    public static RequestFacts none() {
        return new RequestFacts(null, name -> null);
    }
}
