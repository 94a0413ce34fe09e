package dev.moniker.guardrail;

import dev.moniker.support.GatewayFiles;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Detection quality measured on a labelled corpus (src/test/resources/guardrails/corpus.tsv): per detector, how many
 * labelled lines it finds (recall) and how many of its findings are right (precision), printed for
 * docs/guardrails.md. The benign lines, lookalikes included, must raise nothing.
 */
class DetectionQualityTest {

    private static final Map<String, Detector> DETECTORS = new LinkedHashMap<>();

    static {
        DETECTORS.put("PII", new PiiDetector());
        DETECTORS.put("secret", new SecretDetector());
        DETECTORS.put("profanity", new ProfanityDetector());
        DETECTORS.put("jailbreak", new JailbreakDetector());
    }

    private record Labelled(Set<String> expected, String text) {
    }

    private static List<Labelled> corpus() {
        // Assembled here so that no key-shaped string sits in the repository for secret scanners to flag.
        String text = GatewayFiles.read("guardrails/corpus.tsv")
                .replace("${FAKE_ANTHROPIC_KEY}", "sk-" + "ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7")
                .replace("${FAKE_AWS_KEY}", "AKIA" + "IOSFODNN7EXAMPLE");
        return text.lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> {
                    String[] columns = line.split("\t", 2);
                    Set<String> expected = columns[0].equals("none") ? Set.of()
                            : new HashSet<>(Arrays.asList(columns[0].split(",")));
                    return new Labelled(expected, columns[1]);
                }).toList();
    }

    @Test
    void everyDetectorFindsItsLinesAndNothingElse() {
        List<Labelled> corpus = corpus();
        StringBuilder report = new StringBuilder("| detector | labelled lines | found | missed | false alarms | recall | precision |\n"
                + "|---|---|---|---|---|---|---|\n");
        int benignAlarms = 0;
        for (Map.Entry<String, Detector> entry : DETECTORS.entrySet()) {
            int truePositives = 0;
            int falseNegatives = 0;
            int falsePositives = 0;
            for (Labelled line : corpus) {
                boolean found = !entry.getValue().find(line.text()).isEmpty();
                boolean expected = line.expected().contains(entry.getKey());
                if (found && expected) {
                    truePositives++;
                } else if (expected) {
                    falseNegatives++;
                    System.out.println("MISSED " + entry.getKey() + ": " + line.text());
                } else if (found) {
                    falsePositives++;
                    System.out.println("FALSE ALARM " + entry.getKey() + ": " + line.text());
                    if (line.expected().isEmpty()) {
                        benignAlarms++;
                    }
                }
            }
            report.append(String.format("| %s | %d | %d | %d | %d | %.2f | %.2f |%n", entry.getKey(),
                    truePositives + falseNegatives, truePositives, falseNegatives, falsePositives,
                    truePositives / (double) (truePositives + falseNegatives),
                    truePositives + falsePositives == 0 ? 1.0 : truePositives / (double) (truePositives + falsePositives)));
            assertTrue(truePositives >= 0.9 * (truePositives + falseNegatives), entry.getKey() + " recall below 0.9");
        }
        long benign = corpus.stream().filter(line -> line.expected().isEmpty()).count();
        System.out.println("DETECTION QUALITY on " + corpus.size() + " lines (" + benign + " benign)\n" + report);
        assertEquals(0, benignAlarms, "false alarms on benign lines");
    }
}
