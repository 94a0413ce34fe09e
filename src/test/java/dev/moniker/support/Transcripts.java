package dev.moniker.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.wire.sse.SseParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Recorded SSE transcripts from src/test/resources/transcripts, and JSON helpers for exact assertions. */
public final class Transcripts {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Transcripts() {
    }

    public static String read(String name) {
        return GatewayFiles.read("transcripts/" + name);
    }

    /** Parses a transcript fed in chunks of {@code size} bytes (cutting lines and characters anywhere). */
    public static List<SseParser.Event> events(String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            events.addAll(parser.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size))));
        }
        return events;
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
