package dev.moniker.wire.sse;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminator is found wherever the chunk boundaries cut it, and only when it is there. */
class SseTerminatorWatchTest {

    private static final String STREAM = "data: {\"choices\":[{\"delta\":{\"content\":\"data: [DON\"}}]}\n\n"
            + "data: {\"choices\":[]}\n\ndata: [DONE]\n\n";

    /** Feeds {@code text} cut at {@code cuts} (byte offsets, ascending). */
    private static boolean seen(String text, int... cuts) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SseTerminatorWatch watch = new SseTerminatorWatch();
        int from = 0;
        for (int cut : cuts) {
            watch.accept(Buffer.buffer().appendBytes(bytes, from, cut - from));
            from = cut;
        }
        watch.accept(Buffer.buffer().appendBytes(bytes, from, bytes.length - from));
        return watch.seen();
    }

    @Test
    void findsTheTerminatorAtEverySingleCut() {
        int length = STREAM.length();
        for (int cut = 0; cut <= length; cut++) {
            assertTrue(seen(STREAM, cut), "cut at " + cut);
        }
    }

    @Test
    void findsTheTerminatorFedByteByByteAndInTwoCutsAcrossIt() {
        int at = STREAM.indexOf("data: [DONE]");
        int[] everyByte = new int[STREAM.length() - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertTrue(seen(STREAM, everyByte));
        for (int a = at; a < at + 12; a++) {
            for (int b = a; b < at + 12; b++) {
                assertTrue(seen(STREAM, a, b), "cuts at " + a + " and " + b);
            }
        }
    }

    @Test
    void aStreamWithoutItIsNotComplete() {
        String cut = STREAM.substring(0, STREAM.indexOf("data: [DONE]"));
        for (int at = 0; at <= cut.length(); at++) {
            assertFalse(seen(cut, at), "cut at " + at);
        }
        assertFalse(seen("data: [DONE"));
        assertFalse(seen("data: [DONX]\n\n"));
        assertEquals(true, seen("data: [DONE]"));
    }
}
