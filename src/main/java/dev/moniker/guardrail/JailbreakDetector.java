package dev.moniker.guardrail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
            Pattern.compile("\\b(?:do\\s+anything\\s+now|developer\\s+mode\\s+(?:enabled|activated|on\\b(?!\\s+(?:an?|the|my|your|\\w+\\s+phone)\\b))|"
                    // "on" ends the switch ("developer mode on."), not a place ("developer mode on an Android phone")
                    + "jailbreak\\s+mode|dan\\s+mode|god\\s+mode\\s+(?:enabled|on))\\b"),
            Pattern.compile("\\b(?:reveal|show|print|repeat|output|display|leak|tell\\s+me|give\\s+me|what\\s+(?:is|are))"
                    + "\\s+(?:me\\s+)?(?:your|the)\\s+(?:full\\s+|exact\\s+|hidden\\s+|secret\\s+|original\\s+|initial\\s+)*"
                    + "(?:system\\s+prompt|hidden\\s+instructions|initial\\s+instructions|original\\s+instructions|"
                    + "system\\s+message)\\b"),
            Pattern.compile("\\b(?:without|no|ignoring|free\\s+of)\\s+(?:any\\s+)?(?:ethical|moral|safety|content)\\s+"
                    + "(?:guidelines|restrictions|constraints|filters|limits|rules|boundaries)\\b"));
    private static final Pattern SPACED = Pattern.compile("\\b(?:\\w[ .\\-_*]){3,}\\w\\b");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");
    /** Words at least one of which every rule's match contains: the rules run only on texts that have one. */
    private static final List<String> ANCHORS = List.of("ignor", "disregard", "forget", "bypass", "overrid", "skip",
            "discard", "abandon", "dan", "unfilter", "uncensor", "unrestrict", "jailbr", "amoral", "unalign", "evil",
            "anything now", "developer mode", "god mode", "system prompt", "system message", "instructions",
            "ethical", "moral", "safety", "content", "without");

    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        Normalised normalised = normalised(text);
        boolean matched = normalised.mayMatch() && rulesMatch(normalised.text());
        if (matched || (normalised.longToken() && decodedMatches(text))) {
            found.add(new Finding(CATEGORY, "instruction_override", 0, text.length()));
        }
        return found;
    }

    /**
     * A text as the rules read it, with what one pass over it found: whether any word starts like an anchor (else
     * no rule can match), and whether it has a run of base64 long enough to hide an instruction.
     */
    private record Normalised(String text, boolean mayMatch, boolean longToken) {
    }

    /**
     * The first (up to) four letters of each anchor's first word, as {@link #head} codes: one pass over the words,
     * without copying any, decides whether the rules run at all.
     */
    private static final java.util.BitSet ANCHOR_HEADS = new java.util.BitSet(27 * 27 * 27 * 27);

    /**
     * The first two letters of every anchor ({@code head / 27 / 27}): a 92-byte table most words are rejected on,
     * before the 66 KB one, whose scattered reads missed the cache on nearly every word of a long prompt.
     */
    private static final java.util.BitSet ANCHOR_PAIRS = new java.util.BitSet(27 * 27);

    static {
        for (String anchor : ANCHORS) {
            String word = anchor.split(" ")[0];
            int head = head(word, 0, word.length());
            ANCHOR_HEADS.set(head);
            ANCHOR_PAIRS.set(head / (27 * 27));
        }
    }

    /** The word's first four letters (a-z) as a number; shorter words are padded with 0. */
    private static int head(CharSequence text, int start, int end) {
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int letter = start + i < end ? text.charAt(start + i) - 'a' + 1 : 0;
            code = code * 27 + (letter >= 1 && letter <= 26 ? letter : 0);
        }
        return code;
    }

    private static boolean mayMatch(String normalised) {
        int length = normalised.length();
        int i = 0;
        while (i < length) {
            while (i < length && !isAsciiLetter(normalised.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && isAsciiLetter(normalised.charAt(i))) {
                i++;
            }
            if (i - start >= 3 && anchorHead(head(normalised, start, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean matches(String normalised) {
        return mayMatch(normalised) && rulesMatch(normalised);
    }

    private static boolean rulesMatch(String normalised) {
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

    /** Lower case, leetspeak undone, whitespace collapsed, and letters spaced apart joined. */
    static String normalise(String text) {
        return normalised(text).text();
    }

    /**
     * {@link #normalise}, and in the same pass over the text what {@link #mayMatch} would find and whether it has
     * a run of 16 or more base64 characters (ordinary words are shorter); each was a pass of its own.
     */
    private static Normalised normalised(String text) {
        char[] out = new char[text.length()];
        int length = 0;
        boolean space = false;
        int base64Run = 0;
        boolean longToken = false;
        int wordLength = 0;
        int head = 0;
        boolean anchored = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/';
            base64Run = base64 ? base64Run + 1 : 0;
            longToken |= base64Run >= 16;
            boolean whitespace = c < 128 ? c == ' ' || (c >= '\t' && c <= '\r') : Character.isWhitespace(c);
            char written;
            if (whitespace) {
                if (space) {
                    continue;
                }
                written = ' ';
                space = true;
            } else {
                space = false;
                char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
                written = switch (lower) {
                    case '0' -> 'o';
                    case '1', '!' -> 'i';
                    case '3' -> 'e';
                    case '4', '@' -> 'a';
                    case '5', '$' -> 's';
                    case '7' -> 't';
                    default -> lower;
                };
            }
            out[length++] = written;
            // The words of the written text, as mayMatch reads them: runs of a-z, their first four letters coded.
            if (isAsciiLetter(written)) {
                if (wordLength < 4) {
                    head = head * 27 + (written - 'a' + 1);
                }
                wordLength++;
            } else {
                anchored |= anchorWord(wordLength, head);
                wordLength = 0;
                head = 0;
            }
        }
        anchored |= anchorWord(wordLength, head);
        String plain = new String(out, 0, length);
        if (hasSpacedLetters(out, length)) {
            String joined = joinSpaced(plain);
            return new Normalised(joined, mayMatch(joined), longToken);
        }
        return new Normalised(plain, anchored, longToken);
    }

    /** Whether a word of {@code length} letters whose first (up to) four are {@code head} starts like an anchor. */
    private static boolean anchorWord(int length, int head) {
        if (length < 3) {
            return false;
        }
        int code = head;
        for (int i = Math.min(length, 4); i < 4; i++) {
            code *= 27; // padded as head() pads a shorter word
        }
        return anchorHead(code);
    }

    private static boolean anchorHead(int code) {
        return ANCHOR_PAIRS.get(code / (27 * 27)) && ANCHOR_HEADS.get(code);
    }

    /** Four single characters in a row, each followed by one separator: {@code i g n o}. */
    private static boolean hasSpacedLetters(char[] text, int length) {
        int singles = 0;
        for (int i = 0; i + 1 < length; i++) {
            boolean single = isWordChar(text[i]) && isSeparator(text[i + 1]) && (i == 0 || !isWordChar(text[i - 1]));
            if (single) {
                singles++;
                i++;
                if (singles >= 4) {
                    return true;
                }
            } else if (isWordChar(text[i])) {
                singles = 0;
            }
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return c < 128 ? (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
                : Character.isLetterOrDigit(c);
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '_' || c == '*';
    }

    private static String joinSpaced(CharSequence plain) {
        Matcher spaced = SPACED.matcher(plain);
        StringBuilder joined = new StringBuilder(plain.length());
        while (spaced.find()) {
            spaced.appendReplacement(joined, spaced.group().replaceAll("[ .\\-_*]", ""));
        }
        spaced.appendTail(joined);
        return joined.toString();
    }
}
