package dev.moniker.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes AWS event-stream messages the way Bedrock's {@code converse-stream} does (string headers
 * {@code :event-type}, {@code :content-type}, {@code :message-type}; a JSON payload), for scripted providers.
 */
public final class EventStreamFrames {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An event message: {@code :event-type} {@code type}, payload {@code json}. */
    public EventStreamFrames event(String type, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":event-type", type);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "event");
        out.writeBytes(message(headers, json.getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    /** An exception message, as Bedrock sends one mid-stream. */
    public EventStreamFrames exception(String type, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(":exception-type", type);
        headers.put(":content-type", "application/json");
        headers.put(":message-type", "exception");
        out.writeBytes(message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    /** One framed message: prelude, its CRC, string headers, payload, message CRC. */
    public static byte[] message(Map<String, String> headers, byte[] payload) {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        headers.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            head.write(n.length);
            head.writeBytes(n);
            head.write(7); // string
            head.write(v.length >> 8);
            head.write(v.length & 0xff);
            head.writeBytes(v);
        });
        byte[] headerBytes = head.toByteArray();
        int total = 12 + headerBytes.length + payload.length + 4;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total).putInt(headerBytes.length);
        frame.putInt(crc(frame.array(), 0, 8));
        frame.put(headerBytes).put(payload);
        frame.putInt(crc(frame.array(), 0, total - 4));
        return frame.array();
    }

    private static int crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }
}
