package dev.moniker.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}@$*!|]+");

    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String word = normalise(m.group());
            if (!ALLOWED.contains(word) && (WORDS.contains(word) || WORDS.contains(stem(word)))) {
                found.add(new Finding(CATEGORY, "profanity", m.start(), m.end()));
            }
        }
        return found;
    }

    static String normalise(String word) {
        StringBuilder out = new StringBuilder(word.length());
        char last = 0;
        for (char c : word.toLowerCase(Locale.ROOT).toCharArray()) {
            char mapped = switch (c) {
                case '4', '@' -> 'a';
                case '3' -> 'e';
                case '1', '!', '|' -> 'i';
                case '0' -> 'o';
                case '5', '$' -> 's';
                case '7' -> 't';
                case '*' -> '*';
                default -> c;
            };
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
