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
    private static final Pattern SPACED_RUN = Pattern.compile("\\b(?:\\w[ .\\-_*]){3,}\\w\\b");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");
    /** Words at least one of which every rule's match contains: the rules run only on texts that have one. */
    private static final List<String> ANCHORS = List.of("ignor", "disregard", "forget", "bypass", "overrid", "skip",
            "discard", "abandon", "dan", "unfilter", "uncensor", "unrestrict", "jailbr", "amoral", "unalign", "evil",
            "anything now", "developer mode", "god mode", "system prompt", "system message", "instructions",
            "ethical", "moral", "safety", "content", "without");

    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        int scan = scan(text);
        // Most texts have no word that starts like an anchor and nothing spaced apart: the rules cannot match them,
        // and they are never copied into a normalised form.
        boolean matched = (scan & (ANCHORED | SPACED)) != 0 && matches(normalise(text));
        if (matched || ((scan & LONG_TOKEN) != 0 && decodedMatches(text))) {
            found.add(new Finding(CATEGORY, "instruction_override", 0, text.length()));
        }
        return found;
    }

    /** What {@link #scan} found: a word of the normalised text starts like an anchor. */
    static final int ANCHORED = 1;
    /** Letters spaced apart ({@code i g n o}), which the normalised text joins. */
    static final int SPACED = 2;
    /** A run of 16 or more base64 characters (ordinary words are shorter), which may hide an instruction. */
    static final int LONG_TOKEN = 4;

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

    static boolean mayMatch(String normalised) {
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

    static boolean matches(String normalised) {
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
        String plain = plain(text);
        return hasSpacedLetters(plain) ? joinSpaced(plain) : plain;
    }

    /** Lower case, leetspeak undone, whitespace collapsed: {@link #normalise} before letters spaced apart are joined. */
    static String plain(String text) {
        char[] out = new char[text.length()];
        int length = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isWhitespace(c)) {
                if (!space) {
                    out[length++] = ' ';
                }
                space = true;
            } else {
                space = false;
                out[length++] = written(c);
            }
        }
        return new String(out, 0, length);
    }

    /**
     * One pass over the text, copying nothing, that reads it as {@link #normalise} writes it and says whether the
     * rules need the normalised text at all ({@link #ANCHORED}, {@link #SPACED}) and whether it holds a
     * {@link #LONG_TOKEN}. The words are runs of a-z whose first four letters are coded as {@link #head} codes them;
     * spaced letters are found as {@link #hasSpacedLetters} finds them, one written character behind.
     */
    static int scan(String text) {
        int found = 0;
        boolean space = false;
        int base64Run = 0;
        int wordLength = 0;
        int head = 0;
        int before = 0; // the code of the written character before the spaced-letter candidate (0: none)
        int candidate = 0;
        boolean considered = false; // whether the candidate is one hasSpacedLetters looks at (not a skipped separator)
        int singles = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int code = c < 128 ? ASCII_CODES[c] : code(c);
            base64Run = (code & BASE64_CHAR) != 0 ? base64Run + 1 : 0;
            if (base64Run >= 16) {
                found |= LONG_TOKEN;
            }
            if ((code & WHITESPACE) != 0) {
                if (space) {
                    continue;
                }
                space = true;
            } else {
                space = false;
            }
            if ((code & LETTER) != 0) {
                if (wordLength < 4) {
                    head = head * 27 + ((code & WRITTEN) - 'a' + 1);
                }
                wordLength++;
            } else {
                if (anchorWord(wordLength, head)) {
                    found |= ANCHORED;
                }
                wordLength = 0;
                head = 0;
            }
            boolean next = true;
            if (considered && (candidate & WORD) != 0) {
                if ((code & SEPARATOR) != 0 && (before & WORD) == 0) {
                    if (++singles >= 4) {
                        found |= SPACED;
                    }
                    next = false; // its separator is skipped, as hasSpacedLetters skips it
                } else {
                    singles = 0;
                }
            }
            before = candidate;
            candidate = code;
            considered = next;
        }
        if (anchorWord(wordLength, head)) {
            found |= ANCHORED;
        }
        return found;
    }

    /** {@link #code}: the character as written (low 16 bits), and what it is. */
    private static final int WRITTEN = 0xFFFF;
    private static final int BASE64_CHAR = 1 << 16;
    private static final int WHITESPACE = 1 << 17;
    /** The written character is a-z. */
    private static final int LETTER = 1 << 18;
    /** The written character is a word character ({@link #isWordChar}). */
    private static final int WORD = 1 << 19;
    /** The written character is a separator ({@link #isSeparator}). */
    private static final int SEPARATOR = 1 << 20;
    /** {@link #code} of every ASCII character: the scan reads one table entry per character, not a dozen tests. */
    private static final int[] ASCII_CODES = new int[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_CODES[c] = code(c);
        }
    }

    /** What {@link #scan} needs of one character of the text: as written by {@link #normalise}, and its classes. */
    private static int code(char c) {
        boolean whitespace = isWhitespace(c);
        char w = whitespace ? ' ' : written(c);
        boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                || c == '/';
        return w | (base64 ? BASE64_CHAR : 0) | (whitespace ? WHITESPACE : 0) | (isAsciiLetter(w) ? LETTER : 0)
                | (isWordChar(w) ? WORD : 0) | (isSeparator(w) ? SEPARATOR : 0);
    }

    private static boolean isWhitespace(char c) {
        return c < 128 ? c == ' ' || (c >= '\t' && c <= '\r') : Character.isWhitespace(c);
    }

    /** A character as the normalised text writes it: lower case, leetspeak undone. */
    private static char written(char c) {
        char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
        return switch (lower) {
            case '0' -> 'o';
            case '1', '!' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> lower;
        };
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
    static boolean hasSpacedLetters(CharSequence text) {
        int singles = 0;
        for (int i = 0; i + 1 < text.length(); i++) {
            boolean single = isWordChar(text.charAt(i)) && isSeparator(text.charAt(i + 1))
                    && (i == 0 || !isWordChar(text.charAt(i - 1)));
            if (single) {
                singles++;
                i++;
                if (singles >= 4) {
                    return true;
                }
            } else if (isWordChar(text.charAt(i))) {
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
        Matcher spaced = SPACED_RUN.matcher(plain);
        StringBuilder joined = new StringBuilder(plain.length());
        while (spaced.find()) {
            spaced.appendReplacement(joined, spaced.group().replaceAll("[ .\\-_*]", ""));
        }
        spaced.appendTail(joined);
        return joined.toString();
    }
}
