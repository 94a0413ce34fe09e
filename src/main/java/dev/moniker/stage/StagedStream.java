package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.StreamEventView;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A stream transform that runs a request's stages on every event the caller would receive: the inner transform's
 * output (already in the caller's format) is split into events, each shown to the stages, and written back, changed
 * or not, or held back whole until the stage that held it lets it go ({@link StreamEventView#hold}). Events that go
 * out as they came go out as the buffers they came in ({@link ChunkOutput}). A stage that refuses ends the caller's
 * stream with one error event; nothing after it is sent, held events included.
 */
public final class StagedStream implements StreamTransform {

    private final StreamTransform inner;
    private final StageChain stages;
    private final Function<SseParser.Event, StreamEventView> views;
    private final Function<GatewayError, Buffer> errorEvent;
    private final SseParser parser = new SseParser();
    /** What one chunk sends; reused from chunk to chunk. */
    private final ChunkOutput output = new ChunkOutput();
    /** Events a stage holds back ({@link StreamEventView#hold}), oldest first. */
    private final java.util.ArrayDeque<Held> held = new java.util.ArrayDeque<>(4);
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
        stages.onStreamStart(); // one per attempt: what an earlier attempt's stream left in the stages is dropped
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
        boolean fromBoundary = parser.atEventBoundary();
        List<SseParser.Event> events = feed(caller);
        boolean whole = fromBoundary && parser.atEventBoundary();
        // An event that is this whole chunk can later go out as this very buffer, if it goes out as it came.
        Buffer alone = whole && events.size() == 1 ? caller : null;
        output.begin();
        for (SseParser.Event event : events) {
            StreamEventView view = views.apply(event);
            Optional<GatewayError> refused = stages.onStreamEvent(view);
            if (refused.isPresent()) {
                stopped = true;
                held.clear();
                return output.finish().appendBuffer(errorEvent.apply(refused.get()));
            }
            releaseHeld(false);
            if (view.held()) {
                held.add(new Held(view, alone));
                continue;
            }
            releaseHeld(true); // nothing overtakes a held event
            output.add(view, alone, true);
        }
        return output.finish(caller, whole, events.size());
    }

    /** The held events at the front that were released (all of them, if {@code all}) go out, in order. */
    private void releaseHeld(boolean all) {
        while (!held.isEmpty() && (all || !held.peekFirst().view().held())) {
            Held first = held.pollFirst();
            first.view().release();
            output.add(first.view(), first.buffer(), false);
        }
    }

    /** An event a stage holds back, with the buffer it arrived as when it was a chunk of its own. */
    private record Held(StreamEventView view, Buffer buffer) {
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
        return stopped ? Buffer.buffer() : last().appendBuffer(inner.ending());
    }

    @Override
    public Buffer failure(String message) {
        return stopped ? Buffer.buffer() : last().appendBuffer(inner.failure(message));
    }

    /** What the stages still hold: the events they held, then the text they kept (in a buffer of its own). */
    private Buffer last() {
        String kept = stages.onStreamEnd();
        output.begin();
        releaseHeld(true);
        return output.finish().appendBuffer(Buffer.buffer(kept)); // finish() gives a fresh buffer
    }
}
