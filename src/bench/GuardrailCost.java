// The guardrails' own CPU, isolated from the gateway's HTTP and from this machine's noise: the work an alias with
// every content rule on adds to one request, done in a loop on one thread with the gateway's own classes. Three
// parts, each against what the same request costs without guardrails:
//   request  the input stages on a 2 KB chat request: a private tree, the view, jailbreak/PII/filters
//   answer   the output filter on the scripted provider's JSON answer: parse, view, filter
//   stream   the 20-event stream (+ usage + [DONE]) through the staged transform, against the bytes relayed as is
//   frame    the same stream through the staged transform with one stage that reads each event and changes nothing:
//            the parsing and writing share of "stream"
// Run by src/bench/guardrail-cost.sh (it builds the class path); prints ns per operation, median of ROUNDS rounds.
// -Dpart=detectors times each detector alone instead, on the prompt and on a stream's window; -Dpart=request (or
// answer, stream) times that part only, for a profiler.
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.guardrail.Detector;
import dev.moniker.guardrail.GuardrailMetrics;
import dev.moniker.guardrail.JailbreakDetector;
import dev.moniker.guardrail.PiiDetector;
import dev.moniker.guardrail.ProfanityDetector;
import dev.moniker.guardrail.SecretDetector;
import dev.moniker.guardrail.GuardrailRules;
import dev.moniker.guardrail.GuardrailStages;
import dev.moniker.stage.StageChain;
import dev.moniker.stage.StageFactory;
import dev.moniker.stage.StagePlan;
import dev.moniker.stage.StagedStream;
import dev.moniker.wire.RequestDocument;
import dev.moniker.wire.openai.OpenAiErrors;
import dev.moniker.wire.openai.OpenAiViews;
import dev.moniker.wire.sse.StreamTransform;
import dev.moniker.wire.view.AnswerView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

public class GuardrailCost {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String EVENT = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"},\"logprobs\":null,"
            + "\"finish_reason\":null}]}\n\n";
    static final String USAGE = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,"
            + "\"total_tokens\":32}}\n\ndata: [DONE]\n\n";
    static final String ANSWER = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
            + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Hello! It is sunny in Zurich today, with a light breeze from the lake.\"},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,"
            + "\"total_tokens\":32},\"system_fingerprint\":\"fp_bench\"}";

    public static void main(String[] args) {
        int rounds = Integer.getInteger("rounds", 7);
        long millis = Long.getLong("millis", 2000);
        String prompt = "Please review the quarterly plan for the logistics team and suggest improvements to the routing "
                + "of deliveries between the northern depots. ";
        String body = "{\"model\":\"guarded\",\"stream\":false,\"messages\":[{\"role\":\"system\",\"content\":"
                + "\"You are a helpful planner.\"},{\"role\":\"user\",\"content\":\"" + prompt.repeat(15) + "\"}]}";
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        GuardrailRules every = new GuardrailRules(Set.of(GuardrailRules.Category.JAILBREAK, GuardrailRules.Category.PII),
                List.of(new GuardrailRules.ContentFilter(GuardrailRules.Type.PROFANITY, GuardrailRules.Action.MASK),
                        new GuardrailRules.ContentFilter(GuardrailRules.Type.SENSITIVE_DATA,
                                GuardrailRules.Action.REDACT)),
                Optional.empty(), GuardrailRules.NONE.maxCost());
        List<StageFactory> factories = new GuardrailStages(new GuardrailMetrics(new SimpleMeterRegistry()))
                .forPlan("guarded", every, null);
        StagePlan plan = new StagePlan(factories);
        Buffer[] chunks = new Buffer[21];
        for (int i = 0; i < 20; i++) {
            chunks[i] = Buffer.buffer(EVENT);
        }
        chunks[20] = Buffer.buffer(USAGE);
        Buffer answer = Buffer.buffer(ANSWER);

        if ("detectors".equals(System.getProperty("part"))) {
            detectors(prompt.repeat(15), rounds, millis);
            return;
        }
        // Each part: the work with every rule on, then the same work without guardrails.
        Map<String, LongSupplier[]> parts = new LinkedHashMap<>();
        parts.put("request", new LongSupplier[]{() -> {
            RequestDocument document = RequestDocument.parse(MAPPER, raw);
            StageChain chain = plan.begin();
            ObjectNode copy = document.privateTree();
            return chain.onRequest(OpenAiViews.request(copy)).isPresent() ? 1 : copy.size();
        }, () -> RequestDocument.parse(MAPPER, raw).shape().hashCode()});
        parts.put("answer", new LongSupplier[]{() -> {
            StageChain chain = plan.begin();
            try {
                ObjectNode tree = (ObjectNode) MAPPER.readTree(answer.getBytes());
                AnswerView view = OpenAiViews.answer(tree);
                chain.onAnswer(view);
                return view.changed() ? tree.toString().length() : answer.length();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, answer::length});
        parts.put("stream", new LongSupplier[]{
                () -> bytesThrough(new StagedStream(relay(), plan.begin(), OpenAiViews.stream(), OpenAiErrors::event), chunks),
                () -> bytesThrough(relay(), chunks)});
        // The staged transform alone: one stage that reads every event and changes nothing (no detector, no hold-back).
        StagePlan reading = new StagePlan(List.of(() -> new dev.moniker.stage.Stage() { }));
        parts.put("frame", new LongSupplier[]{
                () -> bytesThrough(new StagedStream(relay(), reading.begin(), OpenAiViews.stream(), OpenAiErrors::event), chunks),
                parts.get("stream")[1]});
        String only = System.getProperty("part", "");
        List<String[]> rows = new ArrayList<>();
        parts.forEach((name, work) -> {
            if (only.isEmpty() || only.equals(name)) {
                rows.add(measure(name, rounds, millis, work[0], work[1]));
            }
        });
        System.out.println("| part | without guardrails ns | every rule on ns | added µs | added bytes allocated |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(row -> System.out.println("| " + String.join(" | ", row) + " |"));
    }

    /** Each detector alone on the 2 KB prompt and on a stream's typical window (ns per call). */
    static void detectors(String prompt, int rounds, long millis) {
        Detector[] detectors = {new JailbreakDetector(), new ProfanityDetector(), new SecretDetector(), new PiiDetector()};
        System.out.println("| detector | 2 KB prompt ns | stream window ns |");
        System.out.println("|---|---|---|");
        for (Detector detector : detectors) {
            double[] long_ = new double[rounds];
            double[] short_ = new double[rounds];
            for (int round = -2; round < rounds; round++) {
                double l = nanosPerOp(() -> detector.find(prompt).size(), millis / 4);
                double w = nanosPerOp(() -> detector.find(" token token").size(), millis / 4);
                if (round >= 0) {
                    long_[round] = l;
                    short_[round] = w;
                }
            }
            System.out.printf("| %s | %.0f | %.0f |%n", detector.getClass().getSimpleName(), median(long_),
                    median(short_));
        }
    }

    /** The stream's chunks through {@code stream}, and its ending: the bytes the caller would receive. */
    static long bytesThrough(StreamTransform stream, Buffer[] chunks) {
        long bytes = 0;
        for (Buffer chunk : chunks) {
            bytes += stream.onChunk(chunk).length();
        }
        return bytes + stream.ending().length();
    }

    /** A pass-through relay, as the gateway's OpenAI-to-OpenAI stream is, minus its terminator watch. */
    static StreamTransform relay() {
        return new StreamTransform() {
            @Override
            public Buffer onChunk(Buffer chunk) {
                return chunk;
            }

            @Override
            public Buffer ending() {
                return Buffer.buffer();
            }

            @Override
            public Buffer failure(String message) {
                return Buffer.buffer();
            }
        };
    }

    static String[] measure(String name, int rounds, long millis, LongSupplier guarded, LongSupplier plain) {
        double[] with = new double[rounds];
        double[] without = new double[rounds];
        for (int round = -2; round < rounds; round++) { // two rounds of warm-up
            double g = nanosPerOp(guarded, millis);
            double p = nanosPerOp(plain, millis);
            if (round >= 0) {
                with[round] = g;
                without[round] = p;
            }
        }
        double w = median(with);
        double wo = median(without);
        long garbage = bytesPerOp(guarded) - bytesPerOp(plain);
        return new String[]{name, String.format("%.0f", wo), String.format("%.0f", w), String.format("%.1f", (w - wo) / 1000),
                String.valueOf(garbage)};
    }

    /** Bytes the thread allocates per operation, over 10,000 operations (what the collector has to clear later). */
    static long bytesPerOp(LongSupplier op) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 10_000; i++) {
            sink += op.getAsLong();
        }
        return (threads.getThreadAllocatedBytes(thread) - before) / 10_000;
    }

    static long sink;

    static double nanosPerOp(LongSupplier op, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long n = 0;
        long start = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                sink += op.getAsLong();
            }
            n += 64;
            now = System.nanoTime();
        } while (now < end);
        return (double) (now - start) / n;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
