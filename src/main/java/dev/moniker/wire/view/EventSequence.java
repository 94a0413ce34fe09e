package dev.moniker.wire.view;

/**
 * Keeps a stream's {@code sequence_number}s consecutive when the gateway inserts an event into it (text a filter
 * held back, sent before the event that follows it) or leaves one out: from the first such change on, every event
 * is numbered one after the event before it. Until then the provider's numbers go out untouched. One per stream.
 */
public final class EventSequence {
    private static final String FIELD = "sequence_number";

    private long next;
    private boolean shifting;

    /** The event's data with its number in sequence; {@code inserted} for an event the gateway adds. */
    public String number(String data, boolean inserted) {
        RawJson.Found found = RawJson.findLiteral(data, FIELD);
        if (found == null) {
            return data;
        }
        if (!inserted && !shifting) {
            try {
                next = Long.parseLong(found.value()) + 1;
            } catch (NumberFormatException e) {
                return data; // not a number: nothing to keep in order
            }
            return data;
        }
        shifting = true;
        return RawJson.spliceLiteral(data, found, Long.toString(next++));
    }

    /** An event of the provider's that the caller does not get: the events after it close the gap it leaves. */
    public void omitted(String data) {
        RawJson.Found found = shifting ? null : RawJson.findLiteral(data, FIELD);
        if (found == null) {
            return; // already renumbering: the next event takes the next number anyway
        }
        try {
            next = Long.parseLong(found.value()); // the next event takes the number this one had
        } catch (NumberFormatException e) {
            return;
        }
        shifting = true;
    }
}
