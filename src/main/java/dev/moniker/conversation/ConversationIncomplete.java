package dev.moniker.conversation;

/**
 * A stored response whose conversation cannot be rebuilt: an earlier response it continues was deleted. It can
 * still be read; continuing it would silently drop the turns before the gap, so it is refused.
 */
public final class ConversationIncomplete extends RuntimeException {
    public ConversationIncomplete(String id) {
        super("An earlier response of the conversation " + id + " continues was deleted; it cannot be continued", null,
                false, false);
    }
}
