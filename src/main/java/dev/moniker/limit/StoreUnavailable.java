package dev.moniker.limit;

/** The shared counters store did not answer (in time); what happens then is the deployment's {@code on_store_error}. */
public final class StoreUnavailable extends RuntimeException {
    public StoreUnavailable(String message) {
        super(message, null, false, false);
    }
}
