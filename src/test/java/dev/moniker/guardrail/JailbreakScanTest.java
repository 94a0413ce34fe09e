package dev.moniker.guardrail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jailbreak detector decides from one copy-free pass ({@link JailbreakDetector#scan}) whether a text needs its
 * normalised form at all. That pass must say exactly what the normalised text would: differential against
 * {@link JailbreakDetector#plain}, {@link JailbreakDetector#mayMatch} and {@link JailbreakDetector#hasSpacedLetters}
 * on the labelled corpus and on random texts made of anchors, leetspeak, spacing, separators and non-ASCII.
 */
class JailbreakScanTest {

    private static final Pattern LONG_BASE64 = Pattern.compile("[A-Za-z0-9+/]{16,}");
    private static final String[] PIECES = {"ignore", "1gn0re", "i g n o r e", "d.a.n", "DAN", "dan", "system", "prompt",
        "instructions", "content", "with", "without", "safe", "evil", "skip", "a", "b c", "x-y-z", "q_r_s_t", "*", ".",
        "-", "  ", "\t", "\n", " ", "Zürich", "ÉVIL", "\u00a0", "\u2003", "4", "@", "$", "!", "1", "0", "7", "3", "5",
        "aGVsbG8gd29ybGQgaGVsbG8=", "ab", "abc", "abcd", "xyzzy", "o", "the"};

    @Test
    void theScanAgreesWithTheNormalisedTextOnTheCorpus() throws IOException {
        List<String> texts = corpus();
        assertTrue(texts.size() > 50, "the corpus was read");
        int anchored = 0;
        for (String text : texts) {
            anchored += check(text) ? 1 : 0;
        }
        assertTrue(anchored > 0, "some corpus lines start words like anchors");
    }

    @Test
    void theScanAgreesWithTheNormalisedTextOnRandomTexts() {
        long seed = Long.getLong("scan.seed", 20261203L);
        Random random = new Random(seed);
        int spaced = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(12);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
                if (random.nextInt(3) > 0) {
                    text.append(random.nextBoolean() ? ' ' : PIECES[random.nextInt(PIECES.length)].charAt(0));
                }
            }
            check(text.toString());
            spaced += (JailbreakDetector.scan(text.toString()) & JailbreakDetector.SPACED) != 0 ? 1 : 0;
        }
        assertTrue(spaced > 100, "the random texts include spaced letters (seed " + seed + ")");
    }

    /** Whether the text is anchored; fails when the scan and the normalised text disagree. */
    private static boolean check(String text) {
        int scan = JailbreakDetector.scan(text);
        String plain = JailbreakDetector.plain(text);
        String why = "scan of \"" + text + "\" (plain \"" + plain + "\")";
        assertEquals(JailbreakDetector.mayMatch(plain), (scan & JailbreakDetector.ANCHORED) != 0, why + ": anchored");
        assertEquals(JailbreakDetector.hasSpacedLetters(plain), (scan & JailbreakDetector.SPACED) != 0,
                why + ": spaced");
        assertEquals(LONG_BASE64.matcher(text).find(), (scan & JailbreakDetector.LONG_TOKEN) != 0, why + ": token");
        return (scan & JailbreakDetector.ANCHORED) != 0;
    }

    private static List<String> corpus() throws IOException {
        try (InputStream in = JailbreakScanTest.class.getResourceAsStream("/guardrails/corpus.tsv")) {
            List<String> texts = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    texts.add(line.substring(line.indexOf('\t') + 1).replace("\\n", "\n"));
                }
            }
            return texts;
        }
    }
}
