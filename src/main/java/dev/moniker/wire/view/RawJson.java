package dev.moniker.wire.view;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Finds one string value in a JSON text by its path, in one pass over the characters with no parser and no tree,
 * and splices a new value in its place: how a stream stage reads and rewrites an event's text without parsing and
 * re-serialising the event. A stream stage does this for every event, so it is a scan: members not on the path are
 * skipped by matching brackets and quotes, and the value is decoded only if it has escapes.
 *
 * <p>Malformed JSON where the path goes yields no value (null): the scan follows the grammar along the path, up
 * to the token after the value, and gives up on anything it does not expect. The members it skips are only matched
 * for brackets and quotes, not validated: a streaming parser that stops at the value trusts them the same way.
 */
final class RawJson {

    private RawJson() {
    }

    /**
     * A string found at a path: its decoded value and where its token (quotes included) sits in the text.
     *
     * @param start offset of the opening quote
     * @param end   offset after the closing quote
     */
    record Found(String value, int start, int end) {

        String splice(String json, String replacement) {
            StringBuilder out = new StringBuilder(json.length() + replacement.length() + 8);
            spliceInto(json, replacement, out);
            return out.toString();
        }

        /** {@link #splice} appended to {@code out}: the stream's bytes are written once, with no string between. */
        void spliceInto(String json, String replacement, StringBuilder out) {
            out.append(json, 0, start).append('"');
            JsonStringEncoder.getInstance().quoteAsString(replacement, out);
            out.append('"').append(json, end, json.length());
        }
    }

    /**
     * The string at one path in the events of one stream, remembering the text before it in the last event: a
     * stream's events mostly repeat the same text up to their delta (OpenAI's id, model and choice, Anthropic's type
     * and index), and since the scan decides everything from the characters before the value, an event with the
     * same text up to there has its value at the same place. Then only the value is read.
     */
    static Found find(String json, String[] path, String[] lastPrefix) {
        String prefix = lastPrefix[0];
        if (prefix != null && json.length() > prefix.length() && json.startsWith(prefix)) {
            try {
                Scan scan = new Scan(json);
                scan.at = prefix.length();
                Found found = scan.value(true, path.length == 0);
                if (found != null) {
                    return found;
                }
            } catch (Malformed | IndexOutOfBoundsException e) {
                // not the same shape after all: scan it whole below
            }
        }
        Found found = find(json, path);
        lastPrefix[0] = found == null ? null : json.substring(0, found.start());
        return found;
    }

    /** Thrown inside the scan for text that is not JSON where the path goes; caught at the top. */
    private static final class Malformed extends RuntimeException {
        private static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super(null, null, false, false);
        }
    }

    /** The string at {@code path} (field names; array positions as digits), or null when there is none. */
    static Found find(String json, String... path) {
        try {
            return new Scan(json).at(path, true);
        } catch (Malformed | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The number, boolean or null at {@code path}, as written (its token's text), or null when there is none. */
    static Found findLiteral(String json, String... path) {
        try {
            return new Scan(json).at(path, false);
        } catch (Malformed | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** {@code json} with the token {@code found} covers replaced by {@code literal}, written as it is. */
    static String spliceLiteral(String json, Found found, String literal) {
        return json.substring(0, found.start()) + literal + json.substring(found.end());
    }

    private static final class Scan {
        private final String json;
        private int at;
        /** Whether the string {@link #stringEnd} last crossed had an escape (then it must be decoded). */
        private boolean escaped;

        Scan(String json) {
            this.json = json;
        }

        Found at(String[] path, boolean string) {
            space();
            for (String step : path) {
                char c = json.charAt(at);
                if (c == '{') {
                    if (!member(step)) {
                        return null;
                    }
                } else if (c == '[') {
                    if (!element(step)) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
            return value(string, path.length == 0);
        }

        /** The value at {@code at}, which the path led to: a string or a literal, then a token that may follow it. */
        Found value(boolean string, boolean root) {
            char first = json.charAt(at);
            if (string != (first == '"') || (!string && (first == '{' || first == '['))) {
                return null;
            }
            int start = at;
            String value;
            if (string) {
                value = string();
            } else {
                skipValue();
                value = json.substring(start, at);
            }
            int end = at;
            space();
            // What follows must continue the document (a cut or damaged value is not one), as a parser would insist.
            if (root ? at != json.length() : ",}]".indexOf(json.charAt(at)) < 0) {
                return null;
            }
            return new Found(value, start, end);
        }

        /** In an object at {@code at}: moves to the value of member {@code name}; false if it has none. */
        private boolean member(String name) {
            at++; // {
            space();
            if (json.charAt(at) == '}') {
                return false;
            }
            while (true) {
                expect('"');
                boolean match = name(name);
                space();
                expect(':');
                space();
                if (match) {
                    return true;
                }
                skipValue();
                space();
                char c = json.charAt(at++);
                if (c == '}') {
                    return false;
                }
                if (c != ',') {
                    throw Malformed.INSTANCE;
                }
                space();
            }
        }

        /** In an array at {@code at}: moves to element {@code index}; false if it is shorter. */
        private boolean element(String index) {
            int wanted = index(index);
            at++; // [
            space();
            if (json.charAt(at) == ']') {
                return false;
            }
            for (int i = 0; ; i++) {
                if (i == wanted) {
                    return true;
                }
                skipValue();
                space();
                char c = json.charAt(at++);
                if (c == ']') {
                    return false;
                }
                if (c != ',') {
                    throw Malformed.INSTANCE;
                }
                space();
            }
        }

        private static int index(String step) {
            int value = 0;
            if (step.isEmpty() || step.length() > 9) {
                return -1;
            }
            for (int i = 0; i < step.length(); i++) {
                char c = step.charAt(i);
                if (c < '0' || c > '9') {
                    return -1; // a name where an array is: no element matches
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        /** A member name after its opening quote: whether it is {@code name}; ends after the closing quote. */
        private boolean name(String name) {
            int start = at;
            int close = stringEnd(start);
            boolean match;
            if (escaped) {
                match = decode(start, close).equals(name);
            } else {
                match = close - start == name.length() && json.startsWith(name, start);
            }
            at = close + 1;
            return match;
        }

        /** A string value at its opening quote, decoded; ends after the closing quote. */
        private String string() {
            int start = ++at;
            int close = stringEnd(start);
            String value = escaped ? decode(start, close) : json.substring(start, close);
            at = close + 1;
            return value;
        }

        /** The offset of the quote closing the string whose content starts at {@code from}. */
        private int stringEnd(int from) {
            int i = from;
            escaped = false;
            while (true) {
                char c = json.charAt(i);
                if (c == '"') {
                    return i;
                }
                if (c == '\\') {
                    escaped = true;
                    i++;
                } else if (c < 0x20) {
                    throw Malformed.INSTANCE; // a raw control character is not allowed in a JSON string
                }
                i++;
            }
        }

        private String decode(int from, int to) {
            StringBuilder out = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                char c = json.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = json.charAt(++i);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 >= to) {
                            throw Malformed.INSTANCE;
                        }
                        int code = 0;
                        for (int k = 1; k <= 4; k++) {
                            int digit = Character.digit(json.charAt(i + k), 16);
                            if (digit < 0) {
                                throw Malformed.INSTANCE;
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                        i += 4;
                    }
                    default -> throw Malformed.INSTANCE;
                }
            }
            return out.toString();
        }

        /** Skips the value at {@code at}: a string, or a bracketed value (quotes respected), or a literal. */
        private void skipValue() {
            char c = json.charAt(at);
            if (c == '"') {
                at = stringEnd(at + 1) + 1;
            } else if (c == '{' || c == '[') {
                int depth = 0;
                do {
                    char d = json.charAt(at);
                    if (d == '"') {
                        at = stringEnd(at + 1);
                    } else if (d == '{' || d == '[') {
                        depth++;
                    } else if (d == '}' || d == ']') {
                        depth--;
                    }
                    at++;
                } while (depth > 0);
            } else {
                int start = at;
                while (at < json.length() && "{}[],: \t\r\n\"".indexOf(json.charAt(at)) < 0) {
                    at++;
                }
                if (at == start) {
                    throw Malformed.INSTANCE;
                }
            }
        }

        private void expect(char c) {
            if (json.charAt(at++) != c) {
                throw Malformed.INSTANCE;
            }
        }

        private void space() {
            while (at < json.length()) {
                char c = json.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }
    }
}
