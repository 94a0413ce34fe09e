package dev.moniker.wire.sse;

import java.io.ByteArrayOutputStream;
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
            StringBuilder out = new StringBuilder(data.length() + 16);
            if (name != null) {
                out.append("event: ").append(name).append('\n');
            }
            for (String line : data.split("\n", -1)) {
                out.append("data: ").append(line).append('\n');
            }
            return out.append('\n').toString();
        }
    }

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private String name;
    private StringBuilder data;
    private boolean lastWasCr;

    /** Feeds the next chunk; returns the events it completed, in order. */
    public List<Event> feed(byte[] chunk) {
        List<Event> events = new ArrayList<>(2);
        for (byte b : chunk) {
            if (lastWasCr) {
                lastWasCr = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (b == '\r' || b == '\n') {
                lastWasCr = b == '\r';
                endLine(events);
            } else {
                line.write(b);
            }
        }
        return events;
    }

    /** Whether bytes of an unfinished event are pending (the stream was cut mid-event when it ends so). */
    public boolean pending() {
        return line.size() > 0 || data != null || name != null;
    }

    private void endLine(List<Event> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            if (data != null) {
                events.add(new Event(name, data.toString()));
            }
            name = null;
            data = null;
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // id, retry and unknown fields carry nothing the gateway needs
            }
        }
    }
}
