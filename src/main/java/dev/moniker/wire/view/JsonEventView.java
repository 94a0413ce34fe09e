package dev.moniker.wire.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.moniker.wire.sse.SseParser;

import java.io.IOException;
import java.util.Optional;

/**
 * A stream event whose data is JSON. Its text delta is found and rewritten in the raw JSON (one streaming pass, a
 * splice), since a stream stage reads every event; the rest (finish reason, usage, tool calls) from a tree parsed on
 * first use. Written back as it came unless a stage changed its text.
 */
public abstract class JsonEventView implements StreamEventView {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SseParser.Event event;
    private JsonNode data;
    private TextPart delta;
    private boolean deltaRead;
    private String before;
    private boolean omitted;
    private boolean held;
    private java.util.List<RepeatedText> repeated;
    /** The unchanged data as it goes out (numbered once, in stream order), once {@link #untouched} asked. */
    private String unchangedOutgoing;

    /** The text before the delta in the last event of this stream that had one ({@link RawJson}); per stream. */
    private final String[] lastPrefix;
    /** The stream's numbering, for a format that numbers its events; null for one that does not. */
    private final EventSequence numbering;

    protected JsonEventView(SseParser.Event event) {
        this(event, prefixes());
    }

    /** @param lastPrefix shared by the views of one stream's events: {@link #prefixes()} */
    protected JsonEventView(SseParser.Event event, String[] lastPrefix) {
        this(event, lastPrefix, null);
    }

    /** @param numbering the stream's {@code sequence_number}s, kept in order as events are inserted */
    protected JsonEventView(SseParser.Event event, String[] lastPrefix, EventSequence numbering) {
        this.event = event;
        this.lastPrefix = lastPrefix;
        this.numbering = numbering;
    }

    /** What the views of one stream share to find their deltas faster: pass it to each one's constructor. */
    public static String[] prefixes() {
        return new String[1];
    }

    /** The views of one stream's events, each made by {@code view} with what the stream's views share. */
    public static java.util.function.Function<SseParser.Event, StreamEventView> perStream(
            java.util.function.BiFunction<SseParser.Event, String[], StreamEventView> view) {
        String[] prefixes = prefixes();
        return event -> view.apply(event, prefixes);
    }

    protected SseParser.Event event() {
        return event;
    }

    /** The event's data as JSON; a missing node when it is not JSON (OpenAI's {@code [DONE]}). */
    protected JsonNode data() {
        if (data == null) {
            try {
                data = event.data().startsWith("{") ? MAPPER.readTree(event.data()) : MissingNode.getInstance();
            } catch (IOException e) {
                data = MissingNode.getInstance();
            }
        }
        return data;
    }

    /**
     * Where this event keeps its text delta, as a path for {@link RawJson} (field names, array positions as digits);
     * null when this event has none. The delta is then read and rewritten without a tree.
     */
    protected abstract String[] textPath();

    /** The number, boolean or null a top-level member of the data holds, as written; {@code absent} if none. */
    protected String literal(String member, String absent) {
        RawJson.Found found = RawJson.findLiteral(event.data(), member);
        return found == null ? absent : found.value();
    }

    /** The texts this event repeats, read from {@link #data()}; override for formats that repeat texts. */
    protected java.util.List<RepeatedText> findRepeatedTexts() {
        return java.util.List.of();
    }

    /** The data as it goes to the caller; {@code inserted} for an event the gateway adds ({@link #withText}). */
    private String outgoing(String data, boolean inserted) {
        return numbering == null ? data : numbering.number(data, inserted);
    }

    /** A text delta found in the event's raw JSON, rewritten by splicing. */
    private final class RawText extends TextPart {
        private final RawJson.Found found;
        private String replacement;

        RawText(RawJson.Found found) {
            super("assistant");
            this.found = found;
        }

        @Override
        public String text() {
            return replacement != null ? replacement : found.value();
        }

        @Override
        public void replace(String text) {
            replacement = text;
            markReplaced();
        }

        String spliced() {
            return found.splice(event.data(), text());
        }

        void splicedInto(StringBuilder out) {
            found.spliceInto(event.data(), text(), out);
        }
    }

    @Override
    public final Optional<TextPart> textDelta() {
        if (!deltaRead) {
            String[] path = textPath();
            RawJson.Found found = path == null ? null : RawJson.find(event.data(), path, lastPrefix);
            delta = found != null ? new RawText(found) : null;
            deltaRead = true;
        }
        return Optional.ofNullable(delta);
    }

    @Override
    public final java.util.List<RepeatedText> repeatedTexts() {
        if (repeated == null) {
            repeated = findRepeatedTexts();
        }
        return repeated;
    }

    @Override
    public final void writeSse(StringBuilder out) {
        if (before != null) {
            out.append(before);
        }
        if (omitted) {
            if (numbering != null) {
                numbering.omitted(event.data());
            }
            return;
        }
        if (delta instanceof RawText raw && raw.replaced() && numbering == null && event.data().indexOf('\n') < 0) {
            // The common rewrite (a held-back or redacted delta) of an unnumbered format: framing and spliced data
            // written straight out.
            // A data line stays one line: the spliced value is JSON-escaped, so it holds no line break.
            if (event.name() != null) {
                out.append("event: ").append(event.name()).append('\n');
            }
            out.append("data: ");
            raw.splicedInto(out);
            out.append("\n\n");
            return;
        }
        String data;
        if (delta instanceof RawText raw && raw.replaced()) {
            data = raw.spliced();
        } else if ((delta != null && delta.replaced()) || repeatedReplaced()) {
            data = data().toString();
        } else {
            data = event.data();
        }
        //noinspection StringEquality: unchanged data is the very same string
        String outgoing = data == event.data() ? unchangedOutgoing() : outgoing(data, false);
        //noinspection StringEquality: unchanged data is the very same string
        (outgoing == event.data() ? event : new SseParser.Event(event.name(), outgoing)).writeText(out);
    }

    @Override
    public final boolean untouched() {
        if (before != null || omitted || (delta != null && delta.replaced()) || repeatedReplaced()) {
            return false;
        }
        //noinspection StringEquality: a number left as it was leaves the very same string
        return unchangedOutgoing() == event.data();
    }

    /** The event's own data as it goes out: numbered once, so asking twice does not count it twice. */
    private String unchangedOutgoing() {
        if (unchangedOutgoing == null) {
            unchangedOutgoing = outgoing(event.data(), false);
        }
        return unchangedOutgoing;
    }

    private boolean repeatedReplaced() {
        if (repeated != null) {
            for (RepeatedText text : repeated) {
                if (text.text().replaced()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public final String withText(String text) {
        String[] path = textPath();
        RawJson.Found found = path == null ? null : RawJson.find(event.data(), path);
        if (found == null) {
            throw new IllegalStateException("not a text delta event");
        }
        return new SseParser.Event(event.name(), outgoing(found.splice(event.data(), text), true)).toText();
    }

    @Override
    public final void omit() {
        omitted = true;
    }

    @Override
    public final void hold() {
        held = true;
    }

    @Override
    public final void release() {
        held = false;
    }

    @Override
    public final boolean held() {
        return held;
    }

    @Override
    public final void insertBefore(String sse) {
        before = before == null ? sse : before + sse;
    }

    @Override
    public String name() {
        return event.name();
    }

    @Override
    public Optional<JsonNode> json() {
        JsonNode parsed = data();
        return parsed.isMissingNode() ? Optional.empty() : Optional.of(parsed);
    }

    protected static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
