package dev.moniker.translate;

import dev.moniker.wire.bedrock.EventStreamDecoder;
import dev.moniker.wire.sse.SseParser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The framing of a Bedrock {@code converse-stream} answer for {@link TranslatingStream}: binary AWS event-stream
 * messages, decoded ({@link EventStreamDecoder}) into events named by their {@code :event-type}, an exception by
 * {@code !} and its {@code :exception-type}.
 */
final class ConverseEventStream implements Function<byte[], List<SseParser.Event>> {

    private final EventStreamDecoder decoder = new EventStreamDecoder();

    @Override
    public List<SseParser.Event> apply(byte[] chunk) {
        List<EventStreamDecoder.Message> messages;
        try {
            messages = decoder.feed(chunk);
        } catch (EventStreamDecoder.FramingException e) {
            throw new TranslatingStream.UnreadableFraming(e.getMessage());
        }
        List<SseParser.Event> events = new ArrayList<>(messages.size());
        for (EventStreamDecoder.Message message : messages) {
            String name = "exception".equals(message.header(":message-type"))
                    ? ConverseToAnthropicStream.EXCEPTION + message.header(":exception-type")
                    : message.header(":event-type");
            events.add(new SseParser.Event(name, message.payloadText()));
        }
        return events;
    }
}
