package dev.moniker.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials: API keys of the major model and cloud providers (by their documented prefixes), AWS access key ids,
 * private key blocks, JSON web tokens, bearer tokens and passwords written into URLs. Rules are anchored on
 * prefixes and shapes, not on entropy alone, so ordinary identifiers and hashes are left alone.
 */
public final class SecretDetector implements Detector {

    static final String CATEGORY = "secret";

    /**
     * A rule runs only on texts that contain one of its {@code anchors}, literals one of which every match holds;
     * {@code mark} is a character every anchor holds (0: none), looked for first, once per text for all rules.
     */
    private record Rule(String type, String[] anchors, Pattern pattern, int group, char mark, long low, long high) {
        Rule(String type, String anchor, String regex) {
            this(type, new String[] {anchor}, Pattern.compile(regex), 0);
        }

        Rule(String type, List<String> anchors, String regex) {
            this(type, anchors, Pattern.compile(regex), 0);
        }

        Rule(String type, List<String> anchors, Pattern pattern, int group) {
            this(type, anchors.toArray(String[]::new), pattern, group);
        }

        Rule(String type, String[] anchors, Pattern pattern, int group) {
            this(type, anchors, pattern, group, mark(anchors), common(anchors, 0), common(anchors, 1));
        }

        /** The ASCII characters every anchor holds, as {@link #asciiBits}' word {@code half}: what a text must hold. */
        private static long common(String[] anchors, int half) {
            long all = -1L;
            for (String anchor : anchors) {
                all &= asciiBits(anchor)[half];
            }
            return all;
        }

        /** Whether a text holding the ASCII characters {@code low}, {@code high} ({@link #asciiBits}) may hold one. */
        boolean mayHold(long low, long high) {
            return (low & this.low) == this.low && (high & this.high) == this.high;
        }

        /** The first of {@link #MARKS} that every anchor holds, or 0. */
        private static char mark(String[] anchors) {
            for (char mark : MARKS) {
                boolean all = true;
                for (String anchor : anchors) {
                    all &= anchor.indexOf(mark) >= 0;
                }
                if (all) {
                    return mark;
                }
            }
            return 0;
        }

        /** An array, not a list: this runs for every rule on every streamed event's window. */
        boolean mayMatch(String text) {
            for (String anchor : anchors) {
                if (text.contains(anchor)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Punctuation most anchors hold and prose mostly lacks: a text without it skips those rules' anchor searches. */
    private static final char[] MARKS = {'_', '-', ':'};

    private static final Rule[] RULES = {
            new Rule("anthropic_api_key", "sk-ant-", "(?<![\\w-])sk-ant-[a-z]{2,8}\\d{2}-[A-Za-z0-9_-]{20,}"),
            new Rule("openai_api_key", "sk-", "(?<![\\w-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
            new Rule("aws_access_key_id", List.of("AKIA", "ASIA", "ABIA", "ACCA"), "(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"),
            new Rule("github_token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"), "(?<![\\w])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"),
            new Rule("google_api_key", "AIza", "(?<![\\w-])AIza[0-9A-Za-z_-]{35}(?![\\w-])"),
            new Rule("slack_token", "xox", "(?<![\\w-])xox[abposr]-[A-Za-z0-9-]{10,}"),
            new Rule("stripe_key", List.of("k_live_", "k_test_"), "(?<![\\w])[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"),
            new Rule("groq_api_key", "gsk_", "(?<![\\w])gsk_[A-Za-z0-9]{20,}"),
            new Rule("huggingface_token", "hf_", "(?<![\\w])hf_[A-Za-z0-9]{30,}"),
            // A block without its END line yet (a stream still arriving, or a cut paste) runs to the end of the text.
            new Rule("private_key", "-----BEGIN ", "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\\s\\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\\s\\S]*+)"),
            new Rule("json_web_token", "eyJ", "(?<![\\w-])eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{10,}"),
            new Rule("bearer_token", List.of("earer", "EARER"), Pattern.compile("(?i)(?<![\\w])bearer\\s+([A-Za-z0-9._~+/-]{16,}=*)"), 1),
            new Rule("url_password", List.of("://"), Pattern.compile("(?<![\\w])[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@]+:([^\\s@/]+)@"), 1)};

    /**
     * Texts up to this long (a stream's window, a short message) are read once for which ASCII characters they hold,
     * and a rule runs only when the text holds every character its anchors share; longer ones are searched for the
     * {@link #MARKS}, which vectorised searches do faster than a pass over every character.
     */
    private static final int SHORT = 256;

    @Override
    public List<Finding> find(String text) {
        List<Finding> found = new ArrayList<>();
        boolean small = text.length() <= SHORT;
        long[] held = small ? asciiBits(text) : null;
        boolean[] marked = small ? null : new boolean[MARKS.length]; // a short text is judged by its characters
        for (int i = 0; !small && i < MARKS.length; i++) {
            marked[i] = text.indexOf(MARKS[i]) >= 0;
        }
        for (Rule rule : RULES) {
            if (small ? !rule.mayHold(held[0], held[1]) : rule.mark() != 0 && !marked[markIndex(rule.mark())]) {
                continue;
            }
            if (!rule.mayMatch(text)) {
                continue;
            }
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                found.add(new Finding(CATEGORY, rule.type(), m.start(rule.group()), m.end(rule.group())));
            }
        }
        return found.isEmpty() ? found : Findings.disjoint(found);
    }

    /** The ASCII characters a text (an anchor, a short text) holds, one bit each: 0-63 and 64-127, in one pass. */
    private static long[] asciiBits(String text) {
        long low = 0;
        long high = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 64) {
                low |= 1L << c;
            } else if (c < 128) {
                high |= 1L << (c - 64);
            }
        }
        return new long[] {low, high};
    }

    private static int markIndex(char mark) {
        for (int i = 0; i < MARKS.length; i++) {
            if (MARKS[i] == mark) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a mark: " + mark);
    }
}
