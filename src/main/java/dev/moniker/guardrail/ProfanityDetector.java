package dev.moniker.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Profane words, whole words only: each word is normalised (lower case, common leetspeak such as {@code 4->a},
 * {@code 0->o}, {@code $->s}, runs of one letter collapsed, so {@code FUUUCK} and {@code sh1t} are found) and
 * compared with a list of stems and their usual endings. Matching whole words leaves {@code Scunthorpe},
 * {@code assess}, {@code cocktail} or {@code Dickens} alone.
 *
 * <p>The word list is Moniker's own (English, written for this project, under the project's licence); it holds the
 * common strong words only, not slurs lists or mild words such as "damn".
 */
public final class ProfanityDetector implements Detector {

    static final String CATEGORY = "profanity";

    /** Stems as normalised (runs of one letter collapsed: "ass" is "as", so it is matched on the exact word). */
    private static final Set<String> WORDS = Set.of(
            "fuck", "fucker", "fucking", "fucked", "motherfucker", "motherfucking", "shit", "shitty", "bulshit",
            "horseshit", "bitch", "bitches", "bastard", "ashole", "asholes", "cunt", "cunts", "dick", "dickhead",
            "pusy", "whore", "slut", "wanker", "twat", "prick", "cock", "cocksucker", "bolocks", "jackas",
            "dipshit", "shithead", "fuckhead", "fuckface", "fuckwit", "arsehole");
    /** Words that a stem reaches but that are not profane. */
    private static final Set<String> ALLOWED = Set.of("cocker", "pricked", "pricking", "pricks", "dicker", "dickering");

    /** The first two letters of every listed word, as {@link #pair} codes: most words are rejected on these alone. */
    private static final java.util.BitSet PREFIXES = new java.util.BitSet(26 * 26);

    static {
        WORDS.forEach(word -> PREFIXES.set((word.charAt(0) - 'a') * 26 + (word.charAt(1) - 'a')));
    }

    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        int length = text.length();
        int i = 0;
        while (i < length) {
            while (i < length && !isWordChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && isWordChar(text.charAt(i))) {
                i++;
            }
            if (i - start >= 3 && mayBeListed(text, start, i) && profane(normalise(text.substring(start, i)))) {
                found.add(new Finding(CATEGORY, "profanity", start, i));
            }
        }
        return found;
    }

    /** Whether the word {@code [start, end)} can be on the list: its first two letters, normalised, without copying it. */
    private static boolean mayBeListed(String text, int start, int end) {
        int first = -1;
        for (int i = start; i < end; i++) {
            int letter = letter(text.charAt(i));
            if (letter < 0) {
                return true; // a masked or unusual character: let the full check decide
            }
            if (first < 0) {
                first = letter;
            } else if (letter != first) {
                return PREFIXES.get(first * 26 + letter);
            }
        }
        return false;
    }

    /** A character as a letter 0..25 after the leetspeak mapping of {@link #normalise}; -1 for anything else. */
    private static int letter(char c) {
        return c < 128 ? ASCII_LETTERS[c] : unleetLetter(c);
    }

    /** {@link #letter} of every ASCII character, looked up: it runs on the first letters of every word. */
    private static final byte[] ASCII_LETTERS = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_LETTERS[c] = (byte) unleetLetter(c);
        }
    }

    private static int unleetLetter(char c) {
        char mapped = unleet(c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c));
        return mapped >= 'a' && mapped <= 'z' ? mapped - 'a' : -1;
    }

    /** Common leetspeak back to letters: {@code 4->a}, {@code 3->e}, {@code 1->i}, {@code 0->o}, {@code $->s}. */
    private static char unleet(char c) {
        return switch (c) {
            case '4', '@' -> 'a';
            case '3' -> 'e';
            case '1', '!', '|' -> 'i';
            case '0' -> 'o';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }

    /** Which ASCII characters belong to a word: letters, digits and the leetspeak and masking marks. */
    private static final boolean[] ASCII_WORD = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WORD[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '@'
                    || c == '$' || c == '*' || c == '!' || c == '|';
        }
    }

    /** ASCII by table (prompts are mostly ASCII, and this runs on every character), the rest by the general test. */
    private static boolean isWordChar(char c) {
        return c < 128 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    private static boolean profane(String word) {
        return !ALLOWED.contains(word) && (WORDS.contains(word) || WORDS.contains(stem(word)));
    }

    static String normalise(String word) {
        StringBuilder out = new StringBuilder(word.length());
        char last = 0;
        for (char c : word.toLowerCase(Locale.ROOT).toCharArray()) {
            char mapped = unleet(c);
            if (mapped != last) {
                out.append(mapped);
            }
            last = mapped;
        }
        return out.toString();
    }

    /** The word without one usual ending: {@code s}, {@code es}, {@code ed}, {@code er}, {@code ers}, {@code ing}, {@code y}. */
    private static String stem(String word) {
        for (String ending : new String[]{"ers", "ing", "es", "ed", "er", "s", "y"}) {
            if (word.length() > ending.length() + 2 && word.endsWith(ending)) {
                return word.substring(0, word.length() - ending.length());
            }
        }
        return word;
    }
}
