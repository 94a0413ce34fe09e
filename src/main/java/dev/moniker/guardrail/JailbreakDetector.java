package dev.moniker.guardrail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attempts to talk a model out of its instructions, without a network call: instruction overrides ("ignore all
 * previous instructions"), persona switches to an unrestricted model ("you are DAN", "developer mode"), requests
 * for the hidden system prompt, and asks to drop the safety rules. The text is first normalised against the usual
 * obfuscations: case, leetspeak ({@code 1gn0re}), letters spaced or dotted apart ({@code i g n o r e}), and
 * instructions wrapped in base64.
 *
 * <p>A finding covers the whole text (the attempt is the request, not a span in it).
 */
public final class JailbreakDetector implements Detector {

    static final String CATEGORY = "jailbreak";

    private static final String ANY_OF_THE = "(?:(?:all|any|the|your|my|these|those|previous|prior|above|earlier|"
            + "preceding|foregoing|initial|original|system|every|of|developer)\\s+){0,4}";
    private static final List<Pattern> RULES = List.of(
            Pattern.compile("\\b(?:ignore|disregard|forget|bypass|override|skip|discard|abandon)\\s+" + ANY_OF_THE
                    + "(?:instructions?|rules|guidelines|directions|directives|prompts?|constraints|restrictions|"
                    + "programming|guardrails|policies|safety)\\b"),
            Pattern.compile("\\b(?:you\\s+are|you're|act\\s+as|pretend\\s+(?:to\\s+be|you\\s+are)|role\\s*play\\s+as|"
                    + "from\\s+now\\s+on\\s+you\\s+are|behave\\s+like)\\s+(?:now\\s+)?(?:an?\\s+)?(?:dan\\b|"
                    + "(?:unfiltered|uncensored|unrestricted|jailbroken|amoral|unaligned)\\b|evil\\s+(?:ai|assistant)|"
                    + "ai\\s+without\\s+(?:any\\s+)?(?:rules|restrictions|limits|filters))"),
            Pattern.compile("\\b(?:do\\s+anything\\s+now|developer\\s+mode\\s+(?:enabled|on|activated)|"
                    + "jailbreak\\s+mode|dan\\s+mode|god\\s+mode\\s+(?:enabled|on))\\b"),
            Pattern.compile("\\b(?:reveal|show|print|repeat|output|display|leak|tell\\s+me|give\\s+me|what\\s+(?:is|are))"
                    + "\\s+(?:me\\s+)?(?:your|the)\\s+(?:full\\s+|exact\\s+|hidden\\s+|secret\\s+|original\\s+|initial\\s+)*"
                    + "(?:system\\s+prompt|hidden\\s+instructions|initial\\s+instructions|original\\s+instructions|"
                    + "system\\s+message)\\b"),
            Pattern.compile("\\b(?:without|no|ignoring|free\\s+of)\\s+(?:any\\s+)?(?:ethical|moral|safety|content)\\s+"
                    + "(?:guidelines|restrictions|constraints|filters|limits|rules|boundaries)\\b"));
    private static final Pattern SPACED = Pattern.compile("\\b(?:\\w[ .\\-_*]){3,}\\w\\b");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");

    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        if (matches(normalise(text)) || decodedMatches(text)) {
            found.add(new Finding(CATEGORY, "instruction_override", 0, text.length()));
        }
        return found;
    }

    private static boolean matches(String normalised) {
        for (Pattern rule : RULES) {
            if (rule.matcher(normalised).find()) {
                return true;
            }
        }
        return false;
    }

    /** Instructions hidden as base64 are read as what they decode to. */
    private static boolean decodedMatches(String text) {
        Matcher m = BASE64.matcher(text);
        while (m.find()) {
            try {
                String decoded = new String(Base64.getDecoder().decode(m.group()), StandardCharsets.UTF_8);
                if (matches(normalise(decoded))) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // not base64 after all
            }
        }
        return false;
    }

    /** Lower case, leetspeak undone, letters spaced apart joined, whitespace collapsed. */
    static String normalise(String text) {
        StringBuilder plain = new StringBuilder(text.length());
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            plain.append(switch (c) {
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        Matcher spaced = SPACED.matcher(plain);
        StringBuilder joined = new StringBuilder(plain.length());
        while (spaced.find()) {
            spaced.appendReplacement(joined, spaced.group().replaceAll("[ .\\-_*]", ""));
        }
        spaced.appendTail(joined);
        return joined.toString().replaceAll("\\s+", " ");
    }
}
