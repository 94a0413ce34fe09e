package dev.moniker.wire.bedrock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Splits an AWS event stream ({@code application/vnd.amazon.eventstream}, what Bedrock's {@code converse-stream}
 * answers with) into its messages, whatever the chunk boundaries. Each message is framed in binary: total length,
 * headers length and a CRC-32 of those eight bytes; the headers (name, type, value); the payload; a CRC-32 of all
 * that precedes it. Both checksums are verified: a corrupted or misframed stream is an error, never a guess.
 *
 * <p>One instance per stream; chunks arrive on one thread.
 */
public final class EventStreamDecoder {

    /** Prelude (12 bytes) and message CRC (4): the smallest message. */
    private static final int OVERHEAD = 16;
    /** AWS's limit for one message (16 MiB); a larger declared length means the framing is lost. */
    private static final int MAX_MESSAGE = 16 * 1024 * 1024;

    /** One message: its string headers ({@code :event-type}, {@code :message-type}, ...) and its payload. */
    public record Message(Map<String, String> headers, byte[] payload) {

        public String header(String name) {
            return headers.get(name);
        }

        public String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The stream cannot be read further: a checksum failed or a length is impossible. */
    public static final class FramingException extends RuntimeException {
        FramingException(String message) {
            super(message);
        }
    }

    private byte[] pending = new byte[0];
    private int pendingLength;

    /** Feeds the next chunk; returns the messages it completed, in order. */
    public List<Message> feed(byte[] chunk) {
        append(chunk);
        List<Message> messages = new ArrayList<>(2);
        int at = 0;
        while (pendingLength - at >= 12) {
            int total = readInt(pending, at);
            int headersLength = readInt(pending, at + 4);
            if (total < OVERHEAD || total > MAX_MESSAGE || headersLength < 0 || headersLength > total - OVERHEAD) {
                throw new FramingException("event stream message declares impossible lengths (" + total + ", "
                        + headersLength + ")");
            }
            if (crc(pending, at, 8) != readInt(pending, at + 8)) {
                throw new FramingException("event stream prelude checksum does not match");
            }
            if (pendingLength - at < total) {
                break; // the rest of this message is in a later chunk
            }
            if (crc(pending, at, total - 4) != readInt(pending, at + total - 4)) {
                throw new FramingException("event stream message checksum does not match");
            }
            Map<String, String> headers;
            try {
                headers = headers(pending, at + 12, headersLength);
            } catch (IndexOutOfBoundsException e) {
                throw new FramingException("event stream headers overrun their message");
            }
            int payloadFrom = at + 12 + headersLength;
            messages.add(new Message(headers, Arrays.copyOfRange(pending, payloadFrom, at + total - 4)));
            at += total;
        }
        System.arraycopy(pending, at, pending, 0, pendingLength - at);
        pendingLength -= at;
        return messages;
    }

    /** Whether part of a message is waiting for its rest (the stream was cut mid-message if it ends so). */
    public boolean pending() {
        return pendingLength > 0;
    }

    private void append(byte[] chunk) {
        if (pendingLength + chunk.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + chunk.length));
        }
        System.arraycopy(chunk, 0, pending, pendingLength, chunk.length);
        pendingLength += chunk.length;
    }

    /** The headers; string-valued ones are kept, others are skipped over (Bedrock sends only strings). */
    private static Map<String, String> headers(byte[] bytes, int from, int length) {
        Map<String, String> headers = new HashMap<>(4);
        int i = from;
        int end = from + length;
        while (i < end) {
            int nameLength = bytes[i++] & 0xff;
            String name = new String(bytes, i, nameLength, StandardCharsets.UTF_8);
            i += nameLength;
            int type = bytes[i++];
            switch (type) {
                case 0, 1 -> { } // boolean true / false: no value bytes
                case 2 -> i += 1;
                case 3 -> i += 2;
                case 4 -> i += 4;
                case 5, 8 -> i += 8; // long, timestamp
                case 9 -> i += 16; // uuid
                case 6, 7 -> { // bytes, string: a 2-byte length first
                    int valueLength = ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
                    i += 2;
                    if (type == 7) {
                        headers.put(name, new String(bytes, i, valueLength, StandardCharsets.UTF_8));
                    }
                    i += valueLength;
                }
                default -> throw new FramingException("event stream header '" + name + "' has unknown type " + type);
            }
            if (i > end) {
                throw new FramingException("event stream headers overrun their declared length");
            }
        }
        return headers;
    }

    private static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }
}
