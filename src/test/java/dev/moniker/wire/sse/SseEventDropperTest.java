package dev.moniker.wire.sse;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SseEventDropperTest {

    private static final String KEEP_1 = "data: {\"n\":1}\n\n";
    private static final String DROP = "data: {\"drop\":true}\n\n";
    private static final String KEEP_2 = "data: [DONE]\n\n";

    private static SseEventDropper dropper() {
        return new SseEventDropper((bytes, from, to) -> bytes.toString(from, to - from, StandardCharsets.UTF_8)
                .contains("\"drop\""));
    }

    @Test
    void dropsTheOneEventWhateverTheChunking() {
        for (String separator : new String[] {"\n\n", "\r\n\r\n"}) {
            String stream = (KEEP_1 + DROP + KEEP_2).replace("\n\n", separator);
            byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
            String expected = (KEEP_1 + KEEP_2).replace("\n\n", separator);
            for (int first = 1; first < bytes.length; first++) {
                for (int second = first; second < bytes.length; second += 7) {
                    SseEventDropper dropper = dropper();
                    Buffer out = Buffer.buffer();
                    out.appendBuffer(dropper.accept(Buffer.buffer().appendBytes(bytes, 0, first)));
                    out.appendBuffer(dropper.accept(Buffer.buffer().appendBytes(bytes, first, second - first)));
                    out.appendBuffer(dropper.accept(Buffer.buffer().appendBytes(bytes, second, bytes.length - second)));
                    out.appendBuffer(dropper.held());
                    assertEquals(expected, out.toString(StandardCharsets.UTF_8), "cuts at " + first + ", " + second);
                }
            }
        }
    }

    @Test
    void aChunkOfWholeEventsNoneDroppedGoesOutAsItCame() {
        Buffer chunk = Buffer.buffer(KEEP_1 + KEEP_1);
        assertSame(chunk, dropper().accept(chunk));
    }

    @Test
    void onlyTheFirstMatchingEventIsDropped() {
        SseEventDropper dropper = dropper();
        assertEquals(KEEP_1 + DROP, dropper.accept(Buffer.buffer(DROP + KEEP_1 + DROP)).toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEventWithoutItsBlankLineIsHeldForTheEnd() {
        SseEventDropper dropper = dropper();
        assertEquals(KEEP_1, dropper.accept(Buffer.buffer(KEEP_1 + "data: [DONE]\n")).toString(StandardCharsets.UTF_8));
        assertEquals("data: [DONE]\n", dropper.held().toString(StandardCharsets.UTF_8));
    }
}
