package dev.moniker.wire.sse;

import dev.moniker.support.Transcripts;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseParserTest {

    @Test
    void splitsEventsWhateverTheChunkBoundaries() {
        String text = Transcripts.read("anthropic-text.sse");
        for (int size : new int[] {1, 3, 7, 64, 100_000}) {
            List<SseParser.Event> events = Transcripts.events(text, size);
            assertEquals(8, events.size(), "chunk size " + size);
            assertEquals(new SseParser.Event("message_start", events.get(0).data()), events.get(0));
            assertEquals(new SseParser.Event("content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}"),
                    events.get(3));
            assertEquals(new SseParser.Event("message_stop", "{\"type\":\"message_stop\"}"), events.get(7));
        }
    }

    @Test
    void acceptsCrlfAndCrAndJoinsDataLinesAndSkipsComments() {
        String text = ": keep-alive\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\ndata: [DONE]\r\rdata: x\n\n";
        List<SseParser.Event> events = Transcripts.events(text, 1);
        assertEquals(List.of(new SseParser.Event("a", "one\ntwo"), new SseParser.Event(null, "[DONE]"),
                new SseParser.Event(null, "x")), events);
    }

    @Test
    void findsTheSameEventsAtEveryChunkSize() {
        String text = ": keep-alive\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\ndata\r\rdata: [DONE]\r\rid: 7\n"
                + "data: héllo ✓\n\n";
        List<SseParser.Event> expected = List.of(new SseParser.Event("a", "one\ntwo"), new SseParser.Event(null, ""),
                new SseParser.Event(null, "[DONE]"), new SseParser.Event(null, "héllo ✓"));
        for (int size = 1; size <= text.length() + 1; size++) {
            assertEquals(expected, Transcripts.events(text, size), "chunk size " + size);
        }
    }

    @Test
    void keepsMultiByteCharactersCutAcrossChunks() {
        List<SseParser.Event> events = Transcripts.events("data: héllo ✓\n\n", 1);
        assertEquals(List.of(new SseParser.Event(null, "héllo ✓")), events);
    }

    /** The eight-bytes-at-a-time line end scan against a byte-by-byte one, on bytes chosen to trip it. */
    @Test
    void findsLineEndsAsAByteByByteScanWould() {
        byte[] alphabet = {'\n', '\r', 'a', ' ', 0x0B, 0x0C, 0x09, 0x0E, (byte) 0x8A, (byte) 0x8D, (byte) 0x80,
            (byte) 0xFF, 0x00, 0x01, 0x7F};
        java.util.Random random = new java.util.Random(20261203L);
        int lineEnds = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] chunk = new byte[random.nextInt(40)];
            for (int i = 0; i < chunk.length; i++) {
                // mostly ordinary bytes, so line ends land at every position of an eight-byte word
                chunk[i] = random.nextInt(6) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            for (int from = 0; from <= chunk.length; from++) {
                int to = from + random.nextInt(chunk.length - from + 1); // a slice's end: nothing after it is read
                int expected = from;
                while (expected < to && chunk[expected] != '\n' && chunk[expected] != '\r') {
                    expected++;
                }
                assertEquals(expected, SseParser.lineEnd(chunk, from, to), "from " + from + " to " + to + " in "
                        + java.util.Arrays.toString(chunk));
                lineEnds += expected < to ? 1 : 0;
            }
        }
        assertTrue(lineEnds > 5_000, "the chunks held line ends");
    }

    /** A buffer's slice is read in place: the bytes around it (here line ends and a rival event) are never read. */
    @Test
    void readsOnlyTheSliceItIsGiven() {
        String text = "event: a\r\ndata: one\r\ndata:two\r\n\r\ndata: héllo ✓\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] around = "\n\ndata: not this\n\n\r".getBytes(StandardCharsets.UTF_8);
        List<SseParser.Event> expected = List.of(new SseParser.Event("a", "one\ntwo"),
                new SseParser.Event(null, "héllo ✓"));
        for (int size = 1; size <= bytes.length; size++) {
            SseParser parser = new SseParser();
            List<SseParser.Event> events = new java.util.ArrayList<>();
            for (int at = 0; at < bytes.length; at += size) {
                int length = Math.min(size, bytes.length - at);
                byte[] padded = new byte[around.length * 2 + length];
                System.arraycopy(around, 0, padded, 0, around.length);
                System.arraycopy(bytes, at, padded, around.length, length);
                System.arraycopy(around, 0, padded, around.length + length, around.length);
                events.addAll(parser.feed(padded, around.length, around.length + length));
            }
            assertEquals(expected, events, "chunk size " + size);
            assertFalse(parser.pending(), "chunk size " + size);
        }
    }

    @Test
    void writesEventsAsTheirTextWouldRead() {
        StringBuilder out = new StringBuilder("before|");
        for (SseParser.Event event : List.of(new SseParser.Event(null, "{\"a\":1}"), new SseParser.Event("x", "one"),
                new SseParser.Event("y", "one\ntwo"), new SseParser.Event(null, ""))) {
            int from = out.length();
            event.writeText(out);
            assertEquals(event.toText(), out.substring(from));
        }
        assertEquals("before|data: {\"a\":1}\n\nevent: x\ndata: one\n\nevent: y\ndata: one\ndata: two\n\ndata: \n\n",
                out.toString());
    }

    @Test
    void reportsAnUnfinishedEvent() {
        SseParser parser = new SseParser();
        assertTrue(parser.feed("data: {\"a\":1}\n".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(parser.pending());
        assertEquals(1, parser.feed("\n".getBytes(StandardCharsets.UTF_8)).size());
        assertFalse(parser.pending());
    }
}
