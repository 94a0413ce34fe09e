package dev.moniker.provider;

/**
 * A provider key. Its {@link #toString()} never shows the value, so a key that ends up in a log line, an
 * exception message or a debugger view stays hidden; only the adapter that sets the auth header calls
 * {@link #reveal()}.
 */
public final class Secret {
    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
