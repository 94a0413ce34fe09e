package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.StreamEventView;
import io.vertx.core.buffer.Buffer;

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
        List<SseParser.Event> events = parser.feed(caller.getBytes());
        // A provider's chunk is mostly one event: its text goes out without a joining builder.
        StringBuilder out = events.size() > 1 ? new StringBuilder(caller.length() + 32) : null;
        String one = "";
        for (SseParser.Event event : events) {
            StreamEventView view = views.apply(event);
            Optional<GatewayError> refused = stages.onStreamEvent(view);
            if (refused.isPresent()) {
                stopped = true;
                return Buffer.buffer(out == null ? "" : out.toString()).appendBuffer(errorEvent.apply(refused.get()));
            }
            if (out == null) {
                one = view.toSse();
            } else {
                out.append(view.toSse());
            }
        }
        return Buffer.buffer(out == null ? one : out.toString());
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
