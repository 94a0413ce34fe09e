package dev.moniker.wire.sse;

import dev.moniker.wire.anthropic.AnthropicStreams;
import dev.moniker.wire.openai.OpenAiStreams;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pass-through streams relay bytes unchanged and end a cut-short stream with an error event in their format. */
class PassThroughStreamsTest {

    @Test
    void openAiRelaysBytesAndIsCompleteOnlyAfterDone() {
        StreamTransform complete = OpenAiStreams.passThrough();
        Buffer chunk = Buffer.buffer("data: {\"choices\":[]}\n\ndata: [DO");
        assertEquals(chunk, complete.onChunk(chunk));
        complete.onChunk(Buffer.buffer("NE]\n\n"));
        assertEquals(0, complete.ending().length());

        StreamTransform cut = OpenAiStreams.passThrough();
        cut.onChunk(Buffer.buffer("data: {\"choices\":[]}\n\n"));
        String ending = cut.ending().toString();
        assertTrue(ending.startsWith("data: {\"error\":{") && ending.endsWith("\n\n"), ending);
        assertTrue(ending.contains("\"code\":\"stream_interrupted\"") && ending.contains("ended before it was complete"),
                ending);
        assertTrue(cut.failure("boom").toString().contains("\"message\":\"boom\""));
    }

    @Test
    void openAiStreamAskedForUsageKeepsTheUsageEventFromTheCaller() {
        String text = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n";
        String usage = "data: {\"choices\": [ ],\"usage\": {\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n";
        StreamTransform hiding = OpenAiStreams.passThroughHidingUsage();
        Buffer first = Buffer.buffer(text);
        assertEquals(first, hiding.onChunk(first), "an event with \"usage\": null is the caller's");
        assertEquals("", hiding.onChunk(Buffer.buffer(usage)).toString());
        assertEquals("data: [DONE]\n\n", hiding.onChunk(Buffer.buffer("data: [DONE]\n\n")).toString());
        assertEquals(0, hiding.ending().length(), "complete: the terminator went by");

        StreamTransform cut = OpenAiStreams.passThroughHidingUsage();
        cut.onChunk(Buffer.buffer(text));
        assertTrue(cut.ending().toString().contains("\"code\":\"stream_interrupted\""));
    }

    @Test
    void anthropicIsCompleteAfterMessageStopOrAnErrorEvent() {
        StreamTransform complete = AnthropicStreams.passThrough();
        Buffer chunk = Buffer.buffer("event: message_delta\ndata: {}\n\nevent: message_st");
        assertEquals(chunk, complete.onChunk(chunk));
        complete.onChunk(Buffer.buffer("op\ndata: {\"type\":\"message_stop\"}\n\n"));
        assertEquals(0, complete.ending().length());

        StreamTransform failed = AnthropicStreams.passThrough();
        failed.onChunk(Buffer.buffer("event: error\ndata: {\"type\":\"error\"}\n\n"));
        assertEquals(0, failed.ending().length(), "the provider's own error event already ended it");

        StreamTransform cut = AnthropicStreams.passThrough();
        cut.onChunk(Buffer.buffer("event: message_start\ndata: {}\n\n"));
        assertEquals("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"The provider stream ended before it was complete\"}}\n\n", cut.ending().toString());
    }
}
