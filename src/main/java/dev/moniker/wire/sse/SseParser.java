package dev.moniker.wire.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Server-Sent Events byte stream into events, whatever the chunk boundaries: a line, a multi-byte
 * character or an event may be cut anywhere. Lines end with LF, CRLF or CR; {@code data:} lines of one event are
 * joined with LF; comments ({@code :...}) and {@code id}/{@code retry} fields are ignored (the WHATWG rules).
 *
 * <p>One instance per stream; not thread-safe (a Vert.x stream delivers chunks on one thread).
 */
public final class SseParser {

    /** One event: its name ({@code null} when the event had no {@code event:} line) and its data. */
    public record Event(String name, String data) {

        /** The event as SSE text again, one {@code data:} line per line of data. */
        public String toText() {
            if (data.indexOf('\n') < 0) { // one line, as nearly every event is
                return name == null ? "data: " + data + "\n\n" : "event: " + name + "\ndata: " + data + "\n\n";
            }
            StringBuilder out = new StringBuilder(data.length() + 16);
            writeText(out);
            return out.toString();
        }

        /** {@link #toText()} appended to {@code out}, without a string of its own. */
        public void writeText(StringBuilder out) {
            if (name != null) {
                out.append("event: ").append(name).append('\n');
            }
            if (data.indexOf('\n') < 0) {
                out.append("data: ").append(data).append("\n\n");
                return;
            }
            for (String line : data.split("\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
            out.append('\n');
        }
    }

    /** The start of a line cut by a chunk's end, until its terminator arrives. */
    private byte[] partial = new byte[256];
    private int partialLength;
    private String name;
    /** The event's data so far: its first line as is (most events have one), lines joined only from a second one. */
    private String data;
    private StringBuilder lines;
    private boolean lastWasCr;

    /**
     * Feeds the next chunk; returns the events it completed, in order. Lines are found with a scan for their
     * terminators and decoded whole (a byte-at-a-time copy cost a stream with guardrails about 1 µs per event).
     */
    public List<Event> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /**
     * {@link #feed(byte[])} for the bytes {@code [from, to)} of {@code chunk}: a buffer's backing array is read in
     * place, not copied out first.
     */
    public List<Event> feed(byte[] chunk, int from, int to) {
        List<Event> events = new ArrayList<>(2);
        int i = from;
        if (lastWasCr && to > from) {
            lastWasCr = false;
            if (chunk[from] == '\n') {
                i = from + 1; // the LF of a CRLF cut between two chunks
            }
        }
        while (i < to) {
            int end = lineEnd(chunk, i, to);
            if (end == to) {
                keep(chunk, i, end);
                break;
            }
            if (partialLength == 0) {
                endLine(chunk, i, end - i, events);
            } else {
                keep(chunk, i, end);
                endLine(partial, 0, partialLength, events);
                partialLength = 0;
            }
            if (chunk[end] == '\r') {
                if (end + 1 < to) {
                    if (chunk[end + 1] == '\n') {
                        end++;
                    }
                } else {
                    lastWasCr = true;
                }
            }
            i = end + 1;
        }
        return events;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Where the line that starts at {@code from} ends: the index of the first LF or CR before {@code to}, or {@code to}. Eight
     * bytes are tested at a time (an event is a few hundred bytes; this scan was a sixth of a guarded stream's cost):
     * a byte equal to LF or CR becomes zero after an XOR, and the lowest zero byte of a word is the lowest byte
     * whose high bit survives {@code (x - 0x01..) & ~x} (higher ones may be false positives, never lower ones).
     */
    static int lineEnd(byte[] chunk, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long word = (long) LONGS.get(chunk, i);
            long lf = word ^ (ONES * '\n');
            long cr = word ^ (ONES * '\r');
            long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        while (i < to && chunk[i] != '\n' && chunk[i] != '\r') {
            i++;
        }
        return i;
    }

    /** Whether bytes of an unfinished event are pending (the stream was cut mid-event when it ends so). */
    public boolean pending() {
        return partialLength > 0 || data != null || name != null;
    }

    /**
     * Whether what was fed so far ends exactly where an event ended: nothing pending, not even the LF of a CRLF
     * whose CR ended the last chunk. A chunk fed from such a place to such a place is whole events (and comments).
     */
    public boolean atEventBoundary() {
        return !pending() && !lastWasCr;
    }

    private void keep(byte[] chunk, int from, int to) {
        int length = to - from;
        if (partialLength + length > partial.length) {
            partial = java.util.Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
        }
        System.arraycopy(chunk, from, partial, partialLength, length);
        partialLength += length;
    }

    private void endLine(byte[] bytes, int from, int length, List<Event> events) {
        if (length == 0) {
            if (data != null) {
                events.add(new Event(name, lines != null ? lines.toString() : data));
            }
            name = null;
            data = null;
            lines = null;
            return;
        }
        if (bytes[from] == ':') {
            return; // a comment
        }
        int colon = from;
        while (colon < from + length && bytes[colon] != ':') {
            colon++;
        }
        int valueFrom = Math.min(colon + 1, from + length);
        if (valueFrom < from + length && bytes[valueFrom] == ' ') {
            valueFrom++;
        }
        int fieldLength = colon - from;
        if (is(bytes, from, fieldLength, DATA)) {
            String value = new String(bytes, valueFrom, from + length - valueFrom, StandardCharsets.UTF_8);
            if (data == null) {
                data = value;
            } else {
                if (lines == null) {
                    lines = new StringBuilder(data);
                }
                lines.append('\n').append(value);
            }
        } else if (is(bytes, from, fieldLength, EVENT)) {
            name = new String(bytes, valueFrom, from + length - valueFrom, StandardCharsets.UTF_8);
        }
        // id, retry and unknown fields carry nothing the gateway needs
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};

    private static boolean is(byte[] bytes, int from, int length, byte[] field) {
        return length == field.length && java.util.Arrays.equals(bytes, from, from + length, field, 0, length);
    }
}
