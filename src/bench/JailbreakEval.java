// The jailbreak classifier question of issue 9, measured: Moniker's rules (JailbreakDetector) against an embedding
// similarity check (quantised all-MiniLM-L6-v2 from a Maven artifact, run in the JVM with ONNX Runtime: each prompt's
// highest cosine similarity to a reference set of attack prompts), on a held-out set neither was written against.
// The similarity threshold is chosen on the detectors' own corpus (src/test/resources/guardrails/corpus.tsv: the
// highest recall with no false alarm there), then applied unchanged to the held-out set.
//
// Run by src/bench/jailbreak.sh (it fetches the model's jars); prints a Markdown table and the costs.
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.moniker.guardrail.JailbreakDetector;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class JailbreakEval {

    record Labelled(boolean attack, String text) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<String> reference = Files.readAllLines(root.resolve("src/bench/jailbreak/reference.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        List<Labelled> heldOut = read(root.resolve("src/bench/jailbreak/heldout.tsv"));
        List<Labelled> tuning = read(root.resolve("src/test/resources/guardrails/corpus.tsv"));

        long loadStart = System.nanoTime();
        EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
        model.embed("warm").content();
        double loadMs = (System.nanoTime() - loadStart) / 1e6;
        List<float[]> attacks = new ArrayList<>();
        for (String text : reference) {
            attacks.add(model.embed(text).content().vector());
        }

        double threshold = tune(model, attacks, tuning);
        JailbreakDetector rules = new JailbreakDetector();
        System.out.printf("reference attacks: %d; tuning corpus: %d lines; held out: %d attacks, %d benign%n",
                attacks.size(), tuning.size(), heldOut.stream().filter(Labelled::attack).count(),
                heldOut.stream().filter(l -> !l.attack()).count());
        System.out.printf("similarity threshold chosen on the tuning corpus: %.2f%n%n", threshold);
        System.out.println("| check | attacks caught | missed | false alarms on benign | recall | precision |");
        System.out.println("|---|---|---|---|---|---|");
        int[] r = score(heldOut, text -> !rules.find(text).isEmpty());
        row("rules (JailbreakDetector)", r);
        int[] s = score(heldOut, text -> similarity(model, attacks, text) >= threshold);
        row("embedding similarity", s);
        int[] both = score(heldOut, text -> !rules.find(text).isEmpty() || similarity(model, attacks, text) >= threshold);
        row("either", both);
        System.out.println();
        for (Labelled line : heldOut) {
            System.out.printf("%s rules=%s sim=%.2f  %s%n", line.attack() ? "ATTACK" : "benign",
                    rules.find(line.text()).isEmpty() ? "-" : "hit", similarity(model, attacks, line.text()),
                    line.text().length() > 90 ? line.text().substring(0, 90) + "..." : line.text());
        }

        // Cost per prompt, warm: a 2 KB prompt through each check.
        String prompt = ("Please review the quarterly plan for the logistics team and suggest improvements to the "
                + "routing of deliveries between the northern depots. ").repeat(15);
        for (int i = 0; i < 200; i++) {
            rules.find(prompt);
            model.embed(prompt);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            rules.find(prompt);
        }
        double rulesUs = (System.nanoTime() - t0) / 2000 / 1e3;
        t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            similarity(model, attacks, prompt);
        }
        double embedUs = (System.nanoTime() - t0) / 100 / 1e3;
        System.out.printf("%nwarm cost per 2 KB prompt: rules %.1f us, embedding + similarity %.0f us%n", rulesUs, embedUs);
        System.out.printf("model load and first embedding: %.0f ms; heap used after: %d MB%n", loadMs,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }

    interface Check {
        boolean flags(String text);
    }

    /** {caught, missed, false alarms, benign} */
    static int[] score(List<Labelled> lines, Check check) {
        int caught = 0, missed = 0, falseAlarms = 0, benign = 0;
        for (Labelled line : lines) {
            boolean flagged = check.flags(line.text());
            if (line.attack()) {
                if (flagged) caught++; else missed++;
            } else {
                benign++;
                if (flagged) falseAlarms++;
            }
        }
        return new int[] {caught, missed, falseAlarms, benign};
    }

    static void row(String name, int[] s) {
        double recall = s[0] / (double) (s[0] + s[1]);
        double precision = s[0] + s[2] == 0 ? 1 : s[0] / (double) (s[0] + s[2]);
        System.out.printf("| %s | %d | %d | %d of %d | %.2f | %.2f |%n", name, s[0], s[1], s[2], s[3], recall, precision);
    }

    /** The threshold with the highest recall on the tuning corpus and no false alarm there. */
    static double tune(EmbeddingModel model, List<float[]> attacks, List<Labelled> tuning) {
        double highestBenign = 0;
        for (Labelled line : tuning) {
            if (!line.attack()) {
                highestBenign = Math.max(highestBenign, similarity(model, attacks, line.text()));
            }
        }
        return Math.ceil((highestBenign + 0.005) * 100) / 100;
    }

    static double similarity(EmbeddingModel model, List<float[]> attacks, String text) {
        Embedding embedding = model.embed(text).content();
        float[] v = embedding.vector();
        double best = -1;
        for (float[] a : attacks) {
            double dot = 0, na = 0, nv = 0;
            for (int i = 0; i < v.length; i++) {
                dot += a[i] * v[i];
                na += a[i] * a[i];
                nv += v[i] * v[i];
            }
            best = Math.max(best, dot / Math.sqrt(na * nv));
        }
        return best;
    }

    static List<Labelled> read(Path file) throws Exception {
        List<Labelled> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", 2);
            boolean attack = columns[0].contains("jailbreak");
            // The tuning corpus's other categories (PII, secrets...) are benign as far as jailbreaks go.
            lines.add(new Labelled(attack, columns[1]));
        }
        return lines;
    }
}
