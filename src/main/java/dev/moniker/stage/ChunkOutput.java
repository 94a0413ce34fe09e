package dev.moniker.stage;

import dev.moniker.wire.view.StreamEventView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * What one chunk of a staged stream sends, gathered event by event. Events that go out exactly as they came wait
 * unwritten while every event so far did, so that a chunk whose events all go out as they came is sent as the buffer
 * they arrived in: no builder, no encoding, no copy, as on an alias without stages. Once one event is changed, the
 * chunk is written out as text, in order. One per stream, reused from chunk to chunk.
 */
final class ChunkOutput {

    /** Events waiting unwritten at most; past this many, a chunk is written out as text. */
    private static final int WAITING = 8;

    private final StringBuilder out = new StringBuilder(512);
    private final StreamEventView[] waiting = new StreamEventView[WAITING];
    /** The buffer each waiting event arrived as, when it was a chunk of its own (else null). */
    private final Buffer[] arrivedAs = new Buffer[WAITING];
    private int count;
    /** How many waiting events are the current chunk's own, and whether an earlier chunk's (a held one) is among them. */
    private int own;
    private boolean earlier;
    private boolean written;

    void begin() {
        out.setLength(0);
        for (int i = 0; i < count; i++) { // what the last chunk sent as a buffer is not kept past it
            waiting[i] = null;
            arrivedAs[i] = null;
        }
        count = 0;
        own = 0;
        earlier = false;
        written = false;
    }

    /**
     * The next event to send. {@link StreamEventView#untouched} is asked here, once per event and in stream order,
     * since a format that numbers its events counts it then.
     *
     * @param alone     the buffer the event arrived as when it was a chunk of its own, or null
     * @param fromChunk whether it is one of the current chunk's events (not an earlier one that was held)
     */
    void add(StreamEventView view, Buffer alone, boolean fromChunk) {
        if (!written && count < WAITING && view.untouched()) {
            waiting[count] = view;
            arrivedAs[count++] = alone;
            if (fromChunk) {
                own++;
            } else {
                earlier = true;
            }
            return;
        }
        writeWaiting();
        view.writeSse(out);
    }

    /**
     * What the chunk sends: the buffer its events arrived in when they all go out as they came (the chunk itself,
     * or the one chunk of a single event let out now), else their text.
     *
     * @param chunk  the current chunk, as the caller's format
     * @param whole  whether the chunk is whole events (it starts and ends on an event boundary)
     * @param events how many events it completed
     */
    Buffer finish(Buffer chunk, boolean whole, int events) {
        if (!written && count == 1 && arrivedAs[0] != null) {
            return arrivedAs[0];
        }
        if (!written && count > 0 && !earlier && own == events && whole) {
            return chunk;
        }
        return finish();
    }

    /** What was added, as text (a fresh buffer, which may be appended to). */
    Buffer finish() {
        writeWaiting();
        return bytesOf(out);
    }

    private void writeWaiting() {
        for (int i = 0; i < count; i++) {
            waiting[i].writeSse(out);
            waiting[i] = null;
            arrivedAs[i] = null;
        }
        count = 0;
        written = true;
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
}
