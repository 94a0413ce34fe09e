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
    /**
     * The views of the chunk's first events while no stage has touched them; a chunk of more events than this
     * is written out as usual from the first one past it.
     */
    private final StreamEventView[] pending = new StreamEventView[8];
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
        boolean whole = parser.atEventBoundary();
        List<SseParser.Event> events = feed(caller);
        out.setLength(0);
        // Events no stage touched are not written until one is: a chunk of whole events that all go out as they
        // came is relayed as the very buffer it arrived in (no copy, no encoding), as an alias without stages is.
        int untouched = 0;
        for (int i = 0; i < events.size(); i++) {
            StreamEventView view = views.apply(events.get(i));
            Optional<GatewayError> refused = stages.onStreamEvent(view);
            if (refused.isPresent()) {
                stopped = true;
                writePending(untouched);
                return bytesOf(out).appendBuffer(errorEvent.apply(refused.get()));
            }
            if (untouched == i && i < pending.length && view.untouched()) {
                pending[untouched++] = view;
                continue;
            }
            writePending(untouched);
            untouched = -1; // from here on, every event is written as it is seen
            view.writeSse(out);
        }
        if (untouched == events.size() && untouched > 0 && whole && parser.atEventBoundary()) {
            return caller;
        }
        writePending(untouched);
        return bytesOf(out);
    }

    /** The first {@code count} events of the chunk, held back while untouched, written in order. */
    private void writePending(int count) {
        for (int i = 0; i < count; i++) {
            pending[i].writeSse(out);
        }
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
