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

    /** The text delta of this format's events, found in {@link #data()}; {@code null} when there is none. */
    protected abstract TextPart findTextDelta();

    @Override
    public final Optional<TextPart> textDelta() {
        if (!deltaRead) {
            delta = findTextDelta();
            deltaRead = true;
        }
        return Optional.ofNullable(delta);
    }

    @Override
    public final String toSse() {
        if (delta != null && delta.replaced()) {
            return new SseParser.Event(event.name(), data().toString()).toText();
        }
        return event.toText();
    }

    protected static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }
}
