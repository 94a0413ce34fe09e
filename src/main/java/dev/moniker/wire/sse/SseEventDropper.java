package dev.moniker.wire.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.vertx.core.buffer.Buffer;

/**
 * Drops one event from a relayed event stream (the one {@code unwanted} recognises) and relays the rest byte for
 * byte. Events are framed by their blank line, whatever the chunking; a chunk made of whole events, none dropped,
 * goes out as it came, and only an event cut by a chunk's end is held until its end arrives. After the drop the
 * rest of the stream is not looked at. One instance per stream; chunks arrive on one thread.
 */
public final class SseEventDropper {

    /** Judges one whole event, {@code bytes[from, to)}, its blank line included. */
    @FunctionalInterface
    public interface EventTest {
        boolean test(ByteBuf bytes, int from, int to);
    }

    private final EventTest unwanted;
    /** The start of an event that the previous chunk did not finish. */
    private Buffer carry = Buffer.buffer();
    private boolean atLineStart = true;
    private boolean lastWasCr;
    private boolean dropped;

    public SseEventDropper(EventTest unwanted) {
        this.unwanted = unwanted;
    }

    /** The bytes of {@code chunk} to relay now. */
    public Buffer accept(Buffer chunk) {
        if (dropped) {
            return chunk;
        }
        int held = carry.length();
        Buffer all = held == 0 ? chunk : carry.appendBuffer(chunk);
        ByteBuf bytes = all.getByteBuf(); // read in place: line ends are found by netty's search, not byte by byte
        int length = bytes.writerIndex();
        Buffer out = null; // stays null while the chunk can go out as it came
        int start = 0;
        int i = held;
        while (i < length) {
            byte b = bytes.getByte(i);
            if (lastWasCr && b == '\n') {
                lastWasCr = false;
                i++;
                continue; // the LF of a CRLF
            }
            lastWasCr = b == '\r';
            if (b != '\r' && b != '\n') {
                atLineStart = false;
                int lineEnd = bytes.forEachByte(i, length - i, ByteProcessor.FIND_CRLF);
                i = lineEnd < 0 ? length : lineEnd;
                continue;
            }
            if (!atLineStart) {
                atLineStart = true;
            } else { // a blank line: the event ends here
                boolean drop = unwanted.test(bytes, start, i + 1);
                if (out == null && (drop || held > 0)) {
                    out = all.getBuffer(0, start);
                }
                if (!drop && out != null) {
                    out.appendBuffer(all, start, i + 1 - start);
                }
                start = i + 1;
                if (drop) {
                    dropped = true;
                    carry = Buffer.buffer();
                    return out.appendBuffer(all, start, length - start); // nothing is looked at after the drop
                }
            }
            i++;
        }
        carry = start == length ? Buffer.buffer() : all.getBuffer(start, length);
        if (out != null) {
            return out;
        }
        // Nothing dropped and nothing held before: the chunk up to its unfinished event (if any) goes out now.
        return start == length ? chunk : chunk.getBuffer(0, start);
    }

    /** What is held of an unfinished event, for the stream's end. */
    public Buffer held() {
        return carry;
    }
}
