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

    protected JsonEventView(SseParser.Event event) {
        this.event = event;
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
    }

    @Override
    public final Optional<TextPart> textDelta() {
        if (!deltaRead) {
            String[] path = textPath();
            RawJson.Found found = path == null ? null : RawJson.find(event.data(), path);
            delta = found != null ? new RawText(found) : null;
            deltaRead = true;
        }
        return Optional.ofNullable(delta);
    }

    @Override
    public final String toSse() {
        String own;
        if (omitted) {
            own = "";
        } else if (delta instanceof RawText raw && raw.replaced()) {
            own = new SseParser.Event(event.name(), raw.spliced()).toText();
        } else if (delta != null && delta.replaced()) {
            own = new SseParser.Event(event.name(), data().toString()).toText();
        } else {
            own = event.toText();
        }
        return before == null ? own : before + own;
    }

    @Override
    public final String withText(String text) {
        String[] path = textPath();
        RawJson.Found found = path == null ? null : RawJson.find(event.data(), path);
        if (found == null) {
            throw new IllegalStateException("not a text delta event");
        }
        return new SseParser.Event(event.name(), found.splice(event.data(), text)).toText();
    }

    @Override
    public final void omit() {
        omitted = true;
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
