package dev.moniker.translate;

/**
 * A request that cannot be expressed in the provider's format without losing something the caller relies on
 * (an unsupported content part, tool call arguments that are not JSON, {@code n > 1}, ...). The gateway answers it
 * with a 400 in the caller's error envelope; nothing is sent upstream.
 */
public final class TranslationException extends RuntimeException {
    private final String param;

    public TranslationException(String param, String message) {
        super(message, null, false, false);
        this.param = param;
    }

    /** The request parameter at fault, or {@code null}. */
    public String param() {
        return param;
    }
}
