package dev.moniker.wire.sse;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Watches a relayed OpenAI event stream for its terminator, {@code data: [DONE]}, without copying or re-framing
 * the chunks. A stream that ends without it was cut short, and the client must be told so.
 *
 * <p>The terminator can straddle two chunks, so the last few bytes of each chunk are kept for the next search.
 */
public final class SseTerminatorWatch {
    private static final byte[] TERMINATOR = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);

    private final byte[] tail = new byte[TERMINATOR.length - 1];
    private int tailLength;
    private boolean seen;

    public void accept(Buffer chunk) {
        if (seen) {
            return;
        }
        int length = chunk.length();
        // Search the bytes carried over from the previous chunk joined to the start of this one.
        for (int start = 0; start < tailLength; start++) {
            if (matchesAcross(chunk, start)) {
                seen = true;
                return;
            }
        }
        // One copy, then plain array reads: a Buffer's per-byte reads check bounds and liveness each time.
        byte[] bytes = chunk.getBytes();
        for (int i = 0; i + TERMINATOR.length <= length; i++) {
            if (bytes[i] == TERMINATOR[0] && java.util.Arrays.equals(bytes, i, i + TERMINATOR.length, TERMINATOR, 0,
                    TERMINATOR.length)) {
                seen = true;
                return;
            }
        }
        int keep = Math.min(tail.length, length + tailLength);
        byte[] joined = new byte[keep];
        int fromChunk = Math.min(keep, length);
        int fromTail = keep - fromChunk;
        System.arraycopy(tail, tailLength - fromTail, joined, 0, fromTail);
        chunk.getBytes(length - fromChunk, length, joined, fromTail);
        System.arraycopy(joined, 0, tail, 0, keep);
        tailLength = keep;
    }

    public boolean seen() {
        return seen;
    }

    private boolean matchesAcross(Buffer chunk, int tailStart) {
        for (int j = 0; j < TERMINATOR.length; j++) {
            int index = tailStart + j;
            byte b;
            if (index < tailLength) {
                b = tail[index];
            } else if (index - tailLength < chunk.length()) {
                b = chunk.getByte(index - tailLength);
            } else {
                return false;
            }
            if (b != TERMINATOR[j]) {
                return false;
            }
        }
        return true;
    }
}
