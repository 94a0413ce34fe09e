package dev.moniker.guardrail;

import dev.moniker.guardrail.GuardrailRules.Action;
import dev.moniker.guardrail.GuardrailRules.ContentFilter;
import dev.moniker.guardrail.GuardrailRules.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content filters of one alias applied to one text: what they find, and the text rewritten (profanity masked as
 * {@code f***}, sensitive data redacted as {@code [REDACTED:<type>]}). Stateless; counts go to the caller.
 */
final class ContentRules {

    static final Detector PII = new PiiDetector();
    static final Detector SECRETS = new SecretDetector();
    static final Detector PROFANITY = new ProfanityDetector();
    static final Detector JAILBREAK = new JailbreakDetector();

    private final List<ContentFilter> filters;

    ContentRules(List<ContentFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    /** What the filters find in {@code text}, with the filter each finding belongs to. */
    List<Hit> find(String text) {
        return find(text, false);
    }

    /** As {@link #find(String)}; {@code noPii} when the text is known to hold no personal data (checked already). */
    List<Hit> find(String text, boolean noPii) {
        List<Hit> hits = List.of(); // most texts hold nothing: no list is made for them
        for (ContentFilter filter : filters) {
            List<Finding> found;
            if (filter.type() == Type.PROFANITY) {
                found = PROFANITY.find(text);
            } else {
                List<Finding> pii = noPii ? List.of() : PII.find(text);
                List<Finding> secrets = SECRETS.find(text);
                if (secrets.isEmpty()) {
                    found = pii;
                } else if (pii.isEmpty()) {
                    found = secrets;
                } else {
                    found = new ArrayList<>(pii);
                    found.addAll(secrets);
                    found = Findings.disjoint(found);
                }
            }
            if (!found.isEmpty()) {
                if (hits.isEmpty()) {
                    hits = new ArrayList<>();
                }
                for (Finding finding : found) {
                    hits.add(new Hit(filter, finding));
                }
            }
        }
        return hits;
    }

    /** A finding of one filter. */
    record Hit(ContentFilter filter, Finding finding) {
    }

    /** The text with every hit rewritten; {@code counts} gains one per hit, keyed {@code redacted=sensitive_data}. */
    static String rewrite(String text, List<Hit> hits, Map<String, Integer> counts) {
        if (hits.isEmpty()) {
            return text;
        }
        List<Finding> findings = new ArrayList<>(hits.size());
        Map<Finding, ContentFilter> owner = new java.util.HashMap<>();
        for (Hit hit : hits) {
            findings.add(hit.finding());
            owner.put(hit.finding(), hit.filter());
        }
        return Findings.replace(text, findings, finding -> {
            ContentFilter filter = owner.get(finding);
            counts.merge(noteKey(filter), 1, Integer::sum);
            return filter.action() == Action.MASK ? mask(text.substring(finding.start(), finding.end()))
                    : "[REDACTED:" + finding.type() + "]";
        });
    }

    static String noteKey(ContentFilter filter) {
        return (filter.action() == Action.MASK ? "masked" : "redacted") + "=" + filter.type().configName();
    }

    /** The first letter kept, the rest starred: {@code fuck} is {@code f***}. */
    static String mask(String word) {
        return word.isEmpty() ? word : word.charAt(0) + "*".repeat(word.length() - 1);
    }

    /** Notes for the header, in a stable order: {@code redacted=sensitive_data:2}. */
    static List<String> notes(Map<String, Integer> counts) {
        List<String> notes = new ArrayList<>();
        new TreeMap<>(counts).forEach((key, count) -> notes.add(key + ":" + count));
        return notes;
    }
}
