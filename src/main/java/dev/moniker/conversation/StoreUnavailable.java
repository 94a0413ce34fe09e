package dev.moniker.conversation;

/** The conversation store did not answer in time, or failed: the request cannot be continued (503). */
public final class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message) {
        super(message, null, false, false);
    }
}
