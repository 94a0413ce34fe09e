package dev.moniker.wire.openai;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.sse.SseEventDropper;
import dev.moniker.wire.sse.SseTerminatorWatch;
import dev.moniker.wire.sse.StreamTransform;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** OpenAI chat-completion event streams. */
public final class OpenAiStreams {

    static final String CUT_SHORT = "The provider stream ended before it was complete";

    private OpenAiStreams() {
    }

    /**
     * {@link #passThrough()} for a stream the gateway asked to report usage although the caller did not: the usage
     * event ({@code "choices": []} with a {@code usage} object) is metered upstream and kept from the caller, who gets
     * the stream it asked for.
     */
    public static StreamTransform passThroughHidingUsage() {
        StreamTransform relayed = passThrough();
        SseEventDropper dropper = new SseEventDropper(OpenAiStreams::usageOnly);
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                relayed.onChunk(chunk);
                return dropper.accept(chunk);
            }

            @Override
            public Buffer ending() {
                Buffer ending = relayed.ending();
                return dropper.held().length() == 0 ? ending : dropper.held().copy().appendBuffer(ending);
            }

            @Override
            public Buffer failure(String message) {
                return relayed.failure(message);
            }
        };
    }

    /** The usage event a stream sends when asked: no choices, a usage object (looked for in the bytes first). */
    static boolean usageOnly(ByteBuf bytes, int from, int to) {
        return hasEmptyArray(bytes, from, to) && hasUsageObject(bytes, from, to)
                && NO_CHOICES.matcher(bytes.toString(from, to - from, StandardCharsets.UTF_8)).find();
    }

    private static final Pattern NO_CHOICES = Pattern.compile("\"choices\"\\s*:\\s*\\[\\s*]");
    private static final Pattern USAGE_OBJECT = Pattern.compile("\"usage\"\\s*:\\s*\\{");

    /** A quick first test: {@code []} (spaces allowed) somewhere; other events have none but in their text. */
    private static boolean hasEmptyArray(ByteBuf bytes, int from, int to) {
        for (int i = bytes.indexOf(from, to, (byte) '['); i >= 0; i = bytes.indexOf(i + 1, to, (byte) '[')) {
            int k = i + 1;
            while (k < to && bytes.getByte(k) == ' ') {
                k++;
            }
            if (k < to && bytes.getByte(k) == ']') {
                return true;
            }
        }
        return false;
    }

    /** Whether the event has a usage object member (not {@code "usage": null}, which some providers send). */
    private static boolean hasUsageObject(ByteBuf bytes, int from, int to) {
        return USAGE_OBJECT.matcher(bytes.toString(from, to - from, StandardCharsets.UTF_8)).find();
    }

    /** Events relayed as they are, without parsing; complete once {@code data: [DONE]} went by. */
    public static StreamTransform passThrough() {
        SseTerminatorWatch terminator = new SseTerminatorWatch();
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                terminator.accept(chunk);
                return chunk;
            }

            @Override
            public Buffer ending() {
                return terminator.seen() ? Buffer.buffer() : failure(CUT_SHORT);
            }

            @Override
            public Buffer failure(String message) {
                return OpenAiErrors.event(GatewayError.streamInterrupted(message));
            }
        };
    }
}
