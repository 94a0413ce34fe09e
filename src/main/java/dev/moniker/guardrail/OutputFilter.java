package dev.moniker.guardrail;

import dev.moniker.guardrail.GuardrailRules.Action;
import dev.moniker.stage.Stage;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
import dev.moniker.wire.view.RepeatedText;
import dev.moniker.wire.view.StreamEventView;
import dev.moniker.wire.view.TextPart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content filters on what the model answers: a complete answer's text is rewritten before it is written; a
 * stream's text deltas pass through a bounded hold-back window, so a match split across two events is still found.
 *
 * <p>The window: text is held back only while it could still be the start of a match ({@link #pendingFrom}: the
 * trailing run without whitespace, a number being written, a bearer keyword; at most {@value #WINDOW} characters),
 * and any match that reaches the end of what arrived (it may grow). While nothing matches, whole events are held:
 * an event whose text may still grow into a match waits, and goes out as the provider sent it (its very bytes) once
 * the text after it shows that it does not. When a match must be rewritten, what is safe goes out rewritten in the
 * event at hand (the held events before it go out empty) and the rest waits as text, until it has all gone out.
 * Whatever is held is written before the next event that is not text (a tool call, the finish, the end of the
 * stream), so nothing is reordered, dropped or duplicated, and the stream's framing, tool-call deltas and usage stay
 * as the provider sent them.
 */
final class OutputFilter implements Stage {

    @Override
    public boolean rewritesOutput() {
        return true;
    }

    /** Characters held back at most for matches not yet recognisable (a card number, an IBAN, an e-mail). */
    static final int WINDOW = 128;
    /** The longest word not cut in two. */
    private static final int LONGEST_WORD = 48;

    private final String alias;
    private final ContentRules content;
    private final GuardrailMetrics metrics;
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** The text held back: the held events' texts, in order, or (once text moved between events) that text alone. */
    private final StringBuilder held = new StringBuilder();
    /** The events held back whole, oldest first. */
    private final List<HeldEvent> heldEvents = new ArrayList<>();
    /** Whether {@link #held} is text moved out of the events it came in (after a rewrite), not held events' own. */
    private boolean moved;
    private StreamEventView lastText;
    /** The text part {@link #lastText} belongs to, in formats that repeat texts (else null). */
    private String lastKey;
    /** What went out of each text part so far, for the events that repeat it whole (Responses' done events). */
    private Map<String, StringBuilder> released;

    /** @param filters the content filters that apply to the output ({@code apply_to} output or both) */
    OutputFilter(String alias, List<GuardrailRules.ContentFilter> filters, GuardrailMetrics metrics) {
        this.alias = alias;
        this.content = new ContentRules(filters);
        this.metrics = metrics;
    }

    @Override
    public Optional<GatewayError> onAnswer(AnswerView answer) {
        for (TextPart part : answer.texts()) {
            List<ContentRules.Hit> hits = content.find(part.text());
            Optional<GatewayError> blocked = blocked(hits);
            if (blocked.isPresent()) {
                return blocked;
            }
            if (!hits.isEmpty()) {
                part.replace(ContentRules.rewrite(part.text(), hits, counts));
            }
        }
        report("in the answer");
        return Optional.empty();
    }

    /** A fallback's stream: what the failed attempt's left held never went out, and is not the fallback's text. */
    @Override
    public void onStreamStart() {
        held.setLength(0);
        heldEvents.clear();
        moved = false;
        lastText = null;
        lastKey = null;
        released = null;
        counts.clear(); // what it redacted never went out either
    }

    @Override
    public Optional<GatewayError> onStreamEvent(StreamEventView event) {
        Optional<TextPart> delta = event.textDelta();
        if (delta.isEmpty()) {
            releaseBefore(event);
            return repeated(event);
        }
        lastText = event;
        lastKey = event.textKey();
        String text = delta.get().text();
        String buffer = held.length() == 0 ? text : held.append(text).toString();
        List<ContentRules.Hit> hits = content.find(buffer);
        Optional<GatewayError> blocked = blocked(hits);
        if (blocked.isPresent()) {
            return blocked;
        }
        int cut = safeCut(buffer, hits);
        List<ContentRules.Hit> settled = hits.isEmpty() ? hits
                : hits.stream().filter(hit -> hit.finding().end() <= cut).toList(); // matches complete before the cut
        if (!moved && settled.isEmpty()) {
            // Nothing to rewrite and no text moved between events: events go out whole, as they came; the last ones
            // wait while their text may still grow into a match.
            int releasedLength = releaseHeldUpTo(cut);
            held.setLength(0);
            if (cut < buffer.length()) {
                event.hold();
                heldEvents.add(new HeldEvent(event, text, lastKey));
                held.append(buffer, releasedLength, buffer.length());
            } else {
                released(lastKey, text);
            }
            return Optional.empty();
        }
        // A match to rewrite (or text already moved): what is safe goes out in this event, rewritten, the text of the
        // events still held with it (they go out empty), and the rest waits as text.
        String safe = buffer.substring(0, cut);
        String out = settled.isEmpty() ? safe : ContentRules.rewrite(safe, settled, counts);
        dropHeldEvents();
        held.setLength(0);
        held.append(buffer, cut, buffer.length());
        moved = held.length() > 0;
        if (!out.equals(text)) {
            delta.get().replace(out);
        }
        released(lastKey, out);
        return Optional.empty();
    }

    /** Releases, in order, the held events whose text ends at or before {@code cut}; returns that text's length. */
    private int releaseHeldUpTo(int cut) {
        int length = 0;
        while (!heldEvents.isEmpty() && length + heldEvents.get(0).text().length() <= cut) {
            HeldEvent first = heldEvents.remove(0);
            first.event().release();
            released(first.part(), first.text());
            length += first.text().length();
        }
        return length;
    }

    /** The held events go out as nothing: their text now travels in a later event. */
    private void dropHeldEvents() {
        for (HeldEvent dropped : heldEvents) {
            dropped.event().omit();
            dropped.event().release();
        }
        heldEvents.clear();
    }

    /**
     * Everything held goes out before {@code event} (not a text delta, so the text is complete): the held events as
     * they came when nothing in their text matches, else their text rewritten, in one text event before it.
     */
    private void releaseBefore(StreamEventView event) {
        String rest = releaseAll();
        if (!rest.isEmpty()) {
            event.insertBefore(lastText.withText(rest));
        }
    }

    /** Releases what is held; returns the text that must go out as a new event (rewritten), or "". */
    private String releaseAll() {
        if (held.length() == 0) {
            return "";
        }
        String text = held.toString();
        held.setLength(0);
        List<ContentRules.Hit> hits = content.find(text);
        if (!moved && hits.isEmpty()) {
            releaseHeldUpTo(text.length());
            return "";
        }
        moved = false;
        dropHeldEvents();
        String rest = ContentRules.rewrite(text, hits, counts);
        released(lastKey, rest);
        return rest;
    }

    /** An event held back whole, with its text and the text part it belongs to. */
    private record HeldEvent(StreamEventView event, String text, String part) {
    }

    private void released(String part, String text) {
        if (part != null) {
            if (released == null) {
                released = new HashMap<>();
            }
            released.computeIfAbsent(part, key -> new StringBuilder()).append(text);
        }
    }

    /**
     * An event that repeats whole texts says what the caller received of them; a text it repeats without having
     * streamed it (nothing of that part went out before) is filtered whole, as in an answer.
     */
    private Optional<GatewayError> repeated(StreamEventView event) {
        for (RepeatedText repeated : event.repeatedTexts()) {
            StringBuilder sent = released == null ? null : released.get(repeated.part());
            String text = repeated.text().text();
            if (sent != null) {
                if (!sent.toString().equals(text)) {
                    repeated.text().replace(sent.toString());
                }
                continue;
            }
            List<ContentRules.Hit> hits = content.find(text);
            Optional<GatewayError> blocked = blocked(hits);
            if (blocked.isPresent()) {
                return blocked;
            }
            if (!hits.isEmpty()) {
                String rewritten = ContentRules.rewrite(text, hits, counts);
                repeated.text().replace(rewritten);
                released(repeated.part(), rewritten); // the same text repeated again later reads the same
            }
        }
        return Optional.empty();
    }

    @Override
    public String onStreamEnd() {
        String rest = releaseAll(); // non-empty only after a text event, so lastText is set
        String sse = rest.isEmpty() ? "" : lastText.withText(rest);
        report("in the stream");
        return sse;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    /**
     * Where the text that is safe to send ends: before whatever could still grow into a match ({@link #pendingFrom}),
     * any match that reaches the end or the window's edge, and the word in progress; never more than
     * {@value #WINDOW} characters back, except for a match already recognised.
     */
    static int safeCut(String buffer, List<ContentRules.Hit> hits) {
        int length = buffer.length();
        int cut = Math.max(pendingFrom(buffer), length - WINDOW);
        for (ContentRules.Hit hit : hits) {
            Finding f = hit.finding();
            if ((f.start() < cut && f.end() > cut) || f.end() == length) {
                cut = Math.min(cut, contextStart(buffer, f.start()));
            }
        }
        int word = cut;
        while (word > 0 && word > cut - LONGEST_WORD && Character.isLetterOrDigit(buffer.charAt(word - 1))
                && word < length && Character.isLetterOrDigit(buffer.charAt(word))) {
            word--;
        }
        return word > cut - LONGEST_WORD ? word : cut;
    }

    /**
     * The earliest place from which the end of {@code text} could still grow into a match, so the text before it
     * can go out now. Every match the filters know is one of three shapes: free of whitespace (e-mail and IP
     * addresses, keys, tokens, URLs with passwords, words), a number written with spaces and punctuation (card
     * numbers, IBANs, SSNs, phone numbers; a private key's header is upper case, spaces and dashes too), or a bearer
     * token after its keyword. So what may still grow is the trailing run without whitespace, the trailing run of
     * number characters from the first character such a number starts with, and a trailing {@code bearer} with what
     * follows it. Ordinary prose ending in a space holds nothing back, and its events go out as they came.
     */
    static int pendingFrom(String text) {
        int length = text.length();
        int from = contextStart(text, length);
        int number = length;
        while (number > 0 && numberCharacter(text.charAt(number - 1))) {
            number--;
        }
        for (int i = number; i < from; i++) {
            if (numberStart(text, i)) {
                from = i;
                break;
            }
        }
        return from;
    }

    /**
     * Where the context of a match at {@code at} begins, which must be held with it: some matches are only what
     * follows a prefix (a bearer token its keyword, a URL's password its scheme and user), and the match is found
     * again in the next event's text only if that prefix is still there.
     */
    private static int contextStart(String text, int at) {
        int start = at;
        while (start > 0 && !Character.isWhitespace(text.charAt(start - 1))) {
            start--;
        }
        int keyword = start;
        while (keyword > 0 && Character.isWhitespace(text.charAt(keyword - 1))) {
            keyword--;
        }
        return keyword >= 6 && text.regionMatches(true, keyword - 6, "bearer", 0, 6) ? keyword - 6 : start;
    }

    private static boolean numberCharacter(char c) {
        return Character.isDigit(c) || (c >= 'A' && c <= 'Z') || c == ' ' || c == '\t' || Character.isSpaceChar(c)
                || "+()-./~[]".indexOf(c) >= 0 || Character.getType(c) == Character.DASH_PUNCTUATION;
    }

    /** Where a number-like match can begin: a digit, a capital (IBAN, a key header), {@code +}, {@code (}, {@code --}. */
    private static boolean numberStart(String text, int i) {
        char c = text.charAt(i);
        return Character.isDigit(c) || (c >= 'A' && c <= 'Z') || c == '+' || c == '('
                || (c == '-' && (i + 1 == text.length() || text.charAt(i + 1) == '-'));
    }

    private Optional<GatewayError> blocked(List<ContentRules.Hit> hits) {
        for (ContentRules.Hit hit : hits) {
            if (hit.filter().action() == Action.BLOCK) {
                String rule = hit.filter().type().configName();
                notes.add("blocked=" + rule);
                metrics.acted(alias, rule, "blocked", 1, hit.finding().kind() + " in the answer");
                return Optional.of(new GatewayError(400, "invalid_request_error", "content_blocked", null,
                        "Answer blocked by guardrail: " + rule + ": " + hit.finding().kind()));
            }
        }
        return Optional.empty();
    }

    private void report(String where) {
        counts.forEach((key, times) -> {
            String[] actionAndRule = key.split("=");
            metrics.acted(alias, actionAndRule[1], actionAndRule[0], times, times + " " + where);
        });
        notes.addAll(ContentRules.notes(counts));
        counts.clear();
    }
}
