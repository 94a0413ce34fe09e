package dev.moniker.provider;

/**
 * What of the caller's request headers may reach a provider.
 *
 * @param authorization the caller's credentials as a bearer header, sent only to {@code passthrough_auth} entries;
 *                      or {@code null}
 * @param anthropicBeta the caller's {@code anthropic-beta} header, sent only to Anthropic-format entries; or
 *                      {@code null}
 */
public record CallerHeaders(String authorization, String anthropicBeta) {

    public static final CallerHeaders NONE = new CallerHeaders(null, null);

    /** The credentials are never printed: they may be the caller's key. */
    @Override
    public String toString() {
        return "CallerHeaders[authorization=" + (authorization == null ? "none" : "***") + ", anthropicBeta="
                + anthropicBeta + "]";
    }
}
