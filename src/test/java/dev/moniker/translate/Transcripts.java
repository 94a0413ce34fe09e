package dev.moniker.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.support.GatewayFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Recorded SSE transcripts from src/test/resources/transcripts, and JSON helpers for exact assertions. */
final class Transcripts {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Transcripts() {
    }

    static String read(String name) {
        return GatewayFiles.read("transcripts/" + name);
    }

    /** Parses a transcript fed in chunks of {@code size} bytes (cutting lines and characters anywhere). */
    static List<SseParser.Event> events(String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        List<SseParser.Event> events = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            events.addAll(parser.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size))));
        }
        return events;
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
