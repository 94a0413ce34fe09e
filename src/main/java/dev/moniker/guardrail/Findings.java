package dev.moniker.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Helpers over lists of findings. */
final class Findings {

    private Findings() {
    }

    /** In order of position; where two overlap, the one that starts first (the longer, on a tie) is kept. */
    static List<Finding> disjoint(List<Finding> found) {
        List<Finding> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(Finding::start).thenComparing(f -> -f.end()));
        List<Finding> kept = new ArrayList<>(sorted.size());
        int end = -1;
        for (Finding finding : sorted) {
            if (finding.start() >= end) {
                kept.add(finding);
                end = finding.end();
            }
        }
        return kept;
    }

    /** The text with each finding replaced by what {@code replacement} makes of it. */
    static String replace(String text, List<Finding> findings, java.util.function.Function<Finding, String> replacement) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding finding : disjoint(findings)) {
            out.append(text, at, finding.start()).append(replacement.apply(finding));
            at = finding.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
