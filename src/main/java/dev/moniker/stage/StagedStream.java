package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.StreamEventView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stream transform that runs a request's stages on every event the caller would receive: the inner transform's
 * output (already in the caller's format) is split into events, each shown to the stages, and written back, changed
 * or not. A stage that refuses ends the caller's stream with one error event; nothing after it is sent.
 */
public final class StagedStream implements StreamTransform {

    private final StreamTransform inner;
    private final StageChain stages;
    private final Function<SseParser.Event, StreamEventView> views;
    private final Function<GatewayError, Buffer> errorEvent;
    private final SseParser parser = new SseParser();
    /** The caller's text of one chunk's events, kept for the next chunk (its capacity is what is reused). */
    private final StringBuilder out = new StringBuilder(512);
    private boolean stopped;

    /**
     * @param inner      the pass-through or translating transform of the stream
     * @param views      the caller's format's view of one event
     * @param errorEvent the caller's format's error event
     */
    public StagedStream(StreamTransform inner, StageChain stages, Function<SseParser.Event, StreamEventView> views,
                        Function<GatewayError, Buffer> errorEvent) {
        this.inner = inner;
        this.stages = stages;
        this.views = views;
        this.errorEvent = errorEvent;
    }

    @Override
    public Buffer onChunk(Buffer chunk) {
        if (stopped) {
            return Buffer.buffer();
        }
        Buffer caller = inner.onChunk(chunk);
        if (caller.length() == 0) {
            return caller;
        }
        out.setLength(0);
        for (SseParser.Event event : feed(caller)) {
            StreamEventView view = views.apply(event);
            Optional<GatewayError> refused = stages.onStreamEvent(view);
            if (refused.isPresent()) {
                stopped = true;
                return bytesOf(out).appendBuffer(errorEvent.apply(refused.get()));
            }
            view.writeSse(out);
        }
        return bytesOf(out);
    }

    /**
     * The text as UTF-8, in a buffer that wraps the encoded array instead of copying it (encoding the String is
     * vectorised for Latin-1; about 1 µs per 20-event stream less than a copy). It stays growable, because an ending
     * or an error event may be appended to it; Netty's own wrappers are capped at the array's length.
     */
    private static Buffer bytesOf(StringBuilder text) {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuf wrapped = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, bytes, Integer.MAX_VALUE) {
        };
        return Buffer.buffer(wrapped.writerIndex(bytes.length));
    }

    /** The events {@code caller} completes, read from its backing array in place when it has one. */
    private List<SseParser.Event> feed(Buffer caller) {
        ByteBuf bytes = caller.getByteBuf(); // a view of the same memory, not a copy
        if (!bytes.hasArray()) {
            return parser.feed(caller.getBytes());
        }
        int from = bytes.arrayOffset() + bytes.readerIndex();
        return parser.feed(bytes.array(), from, from + bytes.readableBytes());
    }

    @Override
    public boolean stopped() {
        return stopped;
    }

    /** What the stages held back goes out before the inner transform's last bytes (complete or an error event). */
    @Override
    public Buffer ending() {
        return stopped ? Buffer.buffer() : Buffer.buffer(stages.onStreamEnd()).appendBuffer(inner.ending());
    }

    @Override
    public Buffer failure(String message) {
        return stopped ? Buffer.buffer() : Buffer.buffer(stages.onStreamEnd()).appendBuffer(inner.failure(message));
    }
}
