package dev.moniker.wire.bedrock;

import dev.moniker.support.EventStreamFrames;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStreamDecoderTest {

    private static final byte[] STREAM = new EventStreamFrames()
            .event("messageStart", "{\"role\":\"assistant\"}")
            .event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüezi\"}}")
            .exception("throttlingException", "Too many requests")
            .bytes();

    @Test
    void readsTheSameMessagesWhateverTheChunkBoundaries() {
        for (int size = 1; size <= STREAM.length; size++) {
            EventStreamDecoder decoder = new EventStreamDecoder();
            List<EventStreamDecoder.Message> messages = new ArrayList<>();
            for (int i = 0; i < STREAM.length; i += size) {
                messages.addAll(decoder.feed(Arrays.copyOfRange(STREAM, i, Math.min(STREAM.length, i + size))));
            }
            assertEquals(3, messages.size(), "chunk size " + size);
            assertEquals("messageStart", messages.get(0).header(":event-type"));
            assertEquals("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Grüezi\"}}", messages.get(1).payloadText());
            assertEquals("exception", messages.get(2).header(":message-type"));
            assertEquals("throttlingException", messages.get(2).header(":exception-type"));
            assertFalse(decoder.pending());
        }
    }

    @Test
    void readsAwsPublishedEmptyMessageVector() {
        // aws-c-event-stream's "empty_message" test vector: no headers, no payload.
        byte[] empty = HexFormat.of().parseHex("000000100000000005c248eb7d98c8ff");
        List<EventStreamDecoder.Message> messages = new EventStreamDecoder().feed(empty);
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).headers().isEmpty());
        assertEquals(0, messages.get(0).payload().length);
    }

    @Test
    void aCorruptedMessageIsAnErrorNotAGuess() {
        byte[] corrupted = STREAM.clone();
        corrupted[30] ^= 0x01; // inside the first message's headers
        assertThrows(EventStreamDecoder.FramingException.class, () -> new EventStreamDecoder().feed(corrupted));
        byte[] badPrelude = STREAM.clone();
        badPrelude[3] ^= 0x01; // its total length
        assertThrows(EventStreamDecoder.FramingException.class, () -> new EventStreamDecoder().feed(badPrelude));
    }

    @Test
    void aMessageCutShortIsPending() {
        EventStreamDecoder decoder = new EventStreamDecoder();
        assertTrue(decoder.feed(Arrays.copyOf(STREAM, 20)).isEmpty());
        assertTrue(decoder.pending());
    }
}
