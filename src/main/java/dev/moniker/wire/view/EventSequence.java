package dev.moniker.wire.view;

/**
 * Keeps a stream's {@code sequence_number}s strictly increasing when the gateway inserts an event into it (text a
 * filter held back, sent before the event that follows it): from the first insertion on, every event is numbered
 * one after the event before it. Until then the provider's numbers go out untouched. One per stream.
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
}
