package dev.moniker.wire;

import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.Usage;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the token counts a provider reported, in its answer's or its stream's bytes, without parsing them: the
 * gateway meters every exchange this way, also the ones it relays byte for byte. It looks for the usage members of
 * every format it speaks ({@code prompt_tokens}/{@code completion_tokens}; {@code input_tokens}/{@code output_tokens}
 * and Anthropic's cache counts) as object keys; text cannot fake one, because a quote inside a JSON string is always
 * escaped. A later count replaces an earlier one (Anthropic streams report output tokens again at their end).
 *
 * <p>A key or a number may straddle two chunks, so the last bytes of each chunk are searched again with the next.
 * One instance per exchange; chunks arrive on one thread.
 */
public final class UsageScan {

    private static final byte[] SNAKE_SUFFIX = "_tokens\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] SNAKE_NAMES = names("prompt", "completion", "input", "output", "cache_creation_input",
            "cache_read_input");
    /** Bedrock's Converse API writes its counts in camel case ({@code inputTokens}, {@code cacheReadInputTokens}). */
    private static final byte[] CAMEL_SUFFIX = "Tokens\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] CAMEL_NAMES = names("-", "-", "input", "output", "cacheWriteInput",
            "cacheReadInput");
    private static final int PROMPT = 0;
    private static final int COMPLETION = 1;
    private static final int INPUT = 2;
    private static final int OUTPUT = 3;
    private static final int CACHE_WRITE = 4;
    private static final int CACHE_READ = 5;
    /** Longer than the longest key with its colon, spaces and a 19-digit count. */
    private static final int TAIL = 64;
    /** More than the longest known name before its {@code _tokens}, with its opening quote. */
    private static final int NAME_ROOM = 24;

    private byte[] suffix = SNAKE_SUFFIX;
    private byte[][] names = SNAKE_NAMES;
    private final long[] counts = new long[SNAKE_NAMES.length];
    private final byte[] tail = new byte[TAIL];
    private int tailLength;
    /** The tail and the chunk being scanned. */
    private byte[] bytes;

    public UsageScan() {
        reset();
    }

    /** A new attempt: what an earlier one reported is forgotten. */
    public void reset() {
        reset(false);
    }

    /** A new attempt, to a provider that writes its usage keys in camel case (Bedrock) or not. */
    public void reset(boolean camelCase) {
        Arrays.fill(counts, -1);
        tailLength = 0;
        suffix = camelCase ? CAMEL_SUFFIX : SNAKE_SUFFIX;
        names = camelCase ? CAMEL_NAMES : SNAKE_NAMES;
    }

    /** The next bytes of the answer or stream. */
    public void accept(Buffer next) {
        int length = next.length();
        // Where the previous chunk's tail meets this one: a key or number may straddle them.
        int head = Math.min(TAIL, length);
        byte[] joined = new byte[tailLength + head];
        System.arraycopy(tail, 0, joined, 0, tailLength);
        next.getBytes(0, head, joined, tailLength);
        scan(joined, 0, joined.length);
        // The rest is searched for the suffix's first byte without copying (most chunks have few); a hit is judged on a small copy.
        ByteBuf buf = next.getByteBuf();
        byte mark = suffix[0];
        for (int at = buf.indexOf(0, length, mark); at >= 0; at = buf.indexOf(at + 1, length, mark)) {
            if (!suffixAt(buf, at, length)) {
                continue; // finish_reason, system_fingerprint, ...: every chunk has some; a key cut here is in the tail
            }
            int from = Math.max(0, at - NAME_ROOM);
            int to = Math.min(length, at + TAIL);
            byte[] around = new byte[to - from];
            buf.getBytes(from, around);
            scan(around, at - from, at - from + 1);
        }
        int keep = Math.min(TAIL, tailLength + length);
        byte[] kept = new byte[keep];
        int fromChunk = Math.min(keep, length);
        System.arraycopy(tail, tailLength - (keep - fromChunk), kept, 0, keep - fromChunk);
        next.getBytes(length - fromChunk, length, kept, keep - fromChunk);
        System.arraycopy(kept, 0, tail, 0, keep);
        tailLength = keep;
    }

    /** Whether {@code _tokens"} starts at {@code at}, read in place. */
    private boolean suffixAt(ByteBuf buf, int at, int length) {
        if (at + suffix.length > length) {
            return false;
        }
        for (int j = 1; j < suffix.length; j++) {
            if (buf.getByte(at + j) != suffix[j]) {
                return false;
            }
        }
        return true;
    }

    /** Judges the suffix starts at [from, to) of {@code window} as the ends of usage keys. */
    private void scan(byte[] window, int from, int to) {
        bytes = window;
        for (int i = from; i < to && i + suffix.length <= window.length; i++) {
            if (window[i] == suffix[0] && matches(i, suffix)) {
                count(i, window.length);
            }
        }
        bytes = null;
    }

    /** {@code stream} as it is, its provider chunks scanned on the way (before any translation or filtering). */
    public StreamTransform watching(StreamTransform stream) {
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                accept(chunk);
                return stream.onChunk(chunk);
            }

            @Override
            public boolean stopped() {
                return stream.stopped();
            }

            @Override
            public Buffer ending() {
                return stream.ending();
            }

            @Override
            public Buffer failure(String message) {
                return stream.failure(message);
            }
        };
    }

    /** What was reported, if anything: input counts cache reads and writes (Anthropic reports them apart). */
    public Optional<Usage> usage() {
        long input = counts[PROMPT] >= 0 ? counts[PROMPT] : counts[INPUT];
        if (input >= 0) {
            input += Math.max(0, counts[CACHE_WRITE]) + Math.max(0, counts[CACHE_READ]);
        }
        long output = counts[COMPLETION] >= 0 ? counts[COMPLETION] : counts[OUTPUT];
        return input < 0 && output < 0 ? Optional.empty() : Optional.of(new Usage(input, output));
    }

    /** At {@code suffix}, the end of a key ending in {@code _tokens}: which key, and its count if complete. */
    private void count(int suffix, int length) {
        int name = nameBefore(suffix);
        if (name < 0) {
            return;
        }
        int i = skipSpaces(suffix + this.suffix.length, length);
        if (i >= length || at(i) != ':') {
            return;
        }
        i = skipSpaces(i + 1, length);
        long value = 0;
        int digits = 0;
        for (; i < length && at(i) >= '0' && at(i) <= '9' && digits < 19; i++, digits++) {
            value = value * 10 + (at(i) - '0');
        }
        if (digits > 0 && i < length) { // a number cut by the chunk's end is read whole with the next chunk
            counts[name] = value;
        }
    }

    /** The known key whose name, after its opening quote, ends at {@code suffix}; or -1. */
    private int nameBefore(int suffix) {
        for (int n = 0; n < names.length; n++) {
            int start = suffix - names[n].length;
            if (start >= 1 && at(start - 1) == '"' && matches(start, names[n])) {
                return n;
            }
        }
        return -1;
    }

    private int skipSpaces(int i, int length) {
        while (i < length && (at(i) == ' ' || at(i) == '\n' || at(i) == '\r' || at(i) == '\t')) {
            i++;
        }
        return i;
    }

    private boolean matches(int offset, byte[] expected) {
        if (offset + expected.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (bytes[offset + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

    private byte at(int i) {
        return bytes[i];
    }

    private static byte[][] names(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return bytes;
    }
}
