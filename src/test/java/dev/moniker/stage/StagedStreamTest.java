package dev.moniker.stage;

import dev.moniker.wire.GatewayError;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.anthropic.AnthropicViews;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.openai.OpenAiStreams;
import dev.moniker.wire.openai.OpenAiViews;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.StreamEventView;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream stages see whole events whatever the chunking, rewrite them in place, and stop a stream cleanly. */
class StagedStreamTest {

    private static final String CHUNK = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
            + "\"finish_reason\":null}]}\n\n";

    private static StageChain chain(Stage... stages) {
        return new StageChain(List.of(stages));
    }

    private static StreamTransform openAi(StageChain stages) {
        return new StagedStream(OpenAiStreams.passThrough(), stages, OpenAiViews::event, OpenAiErrors::event);
    }

    @Test
    void eventsCutAcrossChunksAreSeenWholeAndRewritten() {
        List<String> deltas = new ArrayList<>();
        StreamTransform stream = openAi(chain(new Stage() {
            @Override
            public Optional<GatewayError> onStreamEvent(StreamEventView event) {
                event.textDelta().ifPresent(part -> {
                    deltas.add(part.text());
                    part.replace(part.text().replace("secret", "******"));
                });
                return Optional.empty();
            }
        }));
        String text = CHUNK.formatted("a secret") + CHUNK.formatted("b") + "data: [DONE]\n\n";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += 7) {
            out.append(stream.onChunk(Buffer.buffer(text.substring(i, Math.min(text.length(), i + 7)))));
        }
        assertEquals(List.of("a secret", "b"), deltas);
        assertTrue(out.toString().contains("\"content\":\"a ******\""), out.toString());
        assertTrue(out.toString().contains(CHUNK.formatted("b")), "an untouched event keeps its bytes: " + out);
        assertTrue(out.toString().endsWith("data: [DONE]\n\n"));
        assertEquals(0, stream.ending().length(), "complete");
        assertFalse(stream.stopped());
    }

    @Test
    void textBeyondAsciiIsWrittenBackAsTheSameUtf8WhetherRewrittenOrNot() {
        StreamTransform stream = openAi(chain(new Stage() {
            @Override
            public Optional<GatewayError> onStreamEvent(StreamEventView event) {
                event.textDelta().filter(part -> part.text().contains("geheim"))
                        .ifPresent(part -> part.replace(part.text().replace("geheim", "******")));
                return Optional.empty();
            }
        }));
        String text = CHUNK.formatted("Grüße, geheim 🙂") + CHUNK.formatted("日本語");
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Buffer out = Buffer.buffer();
        for (int i = 0; i < bytes.length; i += 5) { // cuts through multi-byte characters
            out.appendBuffer(stream.onChunk(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, i,
                    Math.min(bytes.length, i + 5)))));
        }
        assertEquals(CHUNK.formatted("Grüße, ****** 🙂") + CHUNK.formatted("日本語"), out.toString());
        Buffer last = stream.onChunk(Buffer.buffer(CHUNK.formatted("z")));
        last.appendBuffer(Buffer.buffer("data: [DONE]\n\n")); // what a chained transform does with it
        assertEquals(CHUNK.formatted("z") + "data: [DONE]\n\n", last.toString());
    }

    @Test
    void aChunkOfWholeEventsNoStageTouchedIsRelayedAsTheBufferItCameIn() {
        StreamTransform stream = openAi(chain(new Stage() {
            @Override
            public Optional<GatewayError> onStreamEvent(StreamEventView event) {
                event.textDelta().filter(part -> part.text().equals("b")).ifPresent(part -> part.replace("B"));
                return Optional.empty();
            }
        }));
        Buffer whole = Buffer.buffer(CHUNK.formatted("a") + ": keep-alive\n\n" + CHUNK.formatted("a2"));
        assertSame(whole, stream.onChunk(whole), "nothing changed: the provider's bytes, comment included");

        // One touched event: the chunk is written as its events, the untouched ones before and after as they came.
        Buffer mixed = Buffer.buffer(CHUNK.formatted("x") + CHUNK.formatted("b") + CHUNK.formatted("y"));
        assertEquals(CHUNK.formatted("x") + CHUNK.formatted("B") + CHUNK.formatted("y"), stream.onChunk(mixed).toString());

        // A chunk that ends inside an event, and the one that starts with its rest, are written as their events.
        String two = CHUNK.formatted("c") + CHUNK.formatted("d");
        int cut = CHUNK.formatted("c").length() + 10;
        Buffer head = Buffer.buffer(two.substring(0, cut));
        Buffer tail = Buffer.buffer(two.substring(cut));
        Buffer headOut = stream.onChunk(head);
        Buffer tailOut = stream.onChunk(tail);
        assertNotSame(head, headOut);
        assertNotSame(tail, tailOut);
        assertEquals(CHUNK.formatted("c"), headOut.toString());
        assertEquals(CHUNK.formatted("d"), tailOut.toString());

        // A CRLF cut after its CR: the next chunk's LF belongs to it, so neither chunk is relayed as it came.
        Buffer crlf = Buffer.buffer(CHUNK.formatted("e").replace("\n", "\r\n").substring(0, CHUNK.formatted("e").length() + 1));
        assertEquals(CHUNK.formatted("e"), stream.onChunk(crlf).toString());
        assertEquals(0, stream.onChunk(Buffer.buffer("\n")).length());
        Buffer more = Buffer.buffer(CHUNK.formatted("f") + CHUNK.formatted("g"));
        assertSame(more, stream.onChunk(more), "back on an event boundary");
        assertFalse(stream.stopped());
    }

    @Test
    void aRefusalEndsTheStreamWithOneErrorEventAndNothingAfter() {
        StreamTransform stream = openAi(chain(new Stage() {
            @Override
            public Optional<GatewayError> onStreamEvent(StreamEventView event) {
                return event.textDelta().filter(part -> part.text().contains("bad"))
                        .map(part -> new GatewayError(400, "invalid_request_error", "content_filter", null, "no"));
            }
        }));
        String out = stream.onChunk(Buffer.buffer(CHUNK.formatted("fine") + CHUNK.formatted("bad") + CHUNK.formatted("x")))
                .toString();
        assertTrue(stream.stopped());
        assertEquals(CHUNK.formatted("fine") + "data: {\"error\":{\"message\":\"no\",\"type\":\"invalid_request_error\","
                + "\"param\":null,\"code\":\"content_filter\"}}\n\n", out);
        assertEquals(0, stream.onChunk(Buffer.buffer(CHUNK.formatted("later"))).length());
        assertEquals(0, stream.ending().length());
        assertEquals(0, stream.failure("broken").length());
    }

    @Test
    void anthropicEventsExposeTheirDeltasFinishAndUsage() {
        List<String> seen = new ArrayList<>();
        StreamTransform stream = new StagedStream(dev.moniker.wire.anthropic.AnthropicStreams.passThrough(),
                chain(new Stage() {
                    @Override
                    public Optional<GatewayError> onStreamEvent(StreamEventView event) {
                        event.textDelta().ifPresent(part -> seen.add("text " + part.text()));
                        event.toolCallDelta().ifPresent(args -> seen.add("args " + args));
                        event.finishReason().ifPresent(reason -> seen.add("finish " + reason));
                        event.usage().ifPresent(u -> seen.add("usage " + u.inputTokens() + "/" + u.outputTokens()));
                        return Optional.empty();
                    }
                }), AnthropicViews::event, AnthropicErrors::event);
        stream.onChunk(Buffer.buffer("""
                event: message_start
                data: {"type":"message_start","message":{"usage":{"input_tokens":5,"cache_read_input_tokens":2,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\""}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}

                """));
        assertEquals(List.of("usage 7/1", "text Hi", "args {\"a\"", "finish end_turn", "usage -1/3"), seen);
    }
}
