package dev.moniker.wire;

import dev.moniker.wire.view.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageScanTest {

    private static Optional<Usage> scanned(String... chunks) {
        UsageScan scan = new UsageScan();
        for (String chunk : chunks) {
            scan.accept(Buffer.buffer(chunk));
        }
        return scan.usage();
    }

    @Test
    void readsOpenAiUsageAndNotItsDetails() {
        assertEquals(Optional.of(new Usage(20, 3)), scanned("""
                {"id":"x","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":3,"total_tokens":23,
                "prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}}}"""));
    }

    @Test
    void anthropicInputCountsCacheReadsAndWritesAndTheLastOutputCountWins() {
        String start = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
                + "{\"input_tokens\":25,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":7,"
                + "\"output_tokens\":1}}}\n\n";
        String delta = "event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\" : 15}}\n\n";
        assertEquals(Optional.of(new Usage(132, 15)), scanned(start, delta));
    }

    @Test
    void aKeyOrANumberCutByAChunkBoundaryIsStillRead() {
        String body = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":12345,\"completion_tokens\":678}}\n\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            UsageScan scan = new UsageScan();
            scan.accept(Buffer.buffer().appendBytes(bytes, 0, cut));
            scan.accept(Buffer.buffer().appendBytes(bytes, cut, bytes.length - cut));
            assertEquals(Optional.of(new Usage(12345, 678)), scan.usage(), "cut at " + cut);
        }
    }

    @Test
    void textThatSpellsAUsageKeyIsNotCounted() {
        // A quote inside a JSON string is escaped, so a message cannot forge a key.
        assertEquals(Optional.empty(), scanned("{\"choices\":[{\"message\":{\"content\":\"say \\\"prompt_tokens\\\":"
                + " 999 and input_tokens: 5\"}}],\"usage\":null}"));
    }

    @Test
    void resetForgetsAnEarlierAttempt() {
        UsageScan scan = new UsageScan();
        scan.accept(Buffer.buffer("{\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}"));
        scan.reset();
        scan.accept(Buffer.buffer("{\"error\":{\"message\":\"overloaded\"}}"));
        assertEquals(Optional.empty(), scan.usage());
    }

    @Test
    void embeddingsReportInputOnly() {
        assertEquals(Optional.of(new Usage(8, -1)), scanned("{\"data\":[],\"usage\":{\"prompt_tokens\":8,"
                + "\"total_tokens\":8}}"));
    }
}
