package dev.moniker.wire.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.moniker.wire.sse.SseParser;

import java.io.IOException;
import java.util.Optional;

/** A stream event whose data is JSON, parsed on first use; written back as it came unless a stage changed its text. */
public abstract class JsonEventView implements StreamEventView {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SseParser.Event event;
    private JsonNode data;
    private TextPart delta;
    private boolean deltaRead;
    private String before;

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

    /** The text delta of this format's events in {@code data}; {@code null} when there is none. */
    protected abstract TextPart textIn(JsonNode data);

    @Override
    public final Optional<TextPart> textDelta() {
        if (!deltaRead) {
            delta = textIn(data());
            deltaRead = true;
        }
        return Optional.ofNullable(delta);
    }

    @Override
    public final String toSse() {
        String own = delta != null && delta.replaced() ? new SseParser.Event(event.name(), data().toString()).toText()
                : event.toText();
        return before == null ? own : before + own;
    }

    @Override
    public final String withText(String text) {
        JsonNode copy = data().deepCopy();
        TextPart part = textIn(copy);
        if (part == null) {
            throw new IllegalStateException("not a text delta event");
        }
        part.replace(text);
        return new SseParser.Event(event.name(), copy.toString()).toText();
    }

    @Override
    public final void insertBefore(String sse) {
        before = before == null ? sse : before + sse;
    }

    protected static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
