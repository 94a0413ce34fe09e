package dev.moniker.guardrail;

import dev.moniker.guardrail.GuardrailRules.Action;
import dev.moniker.stage.Stage;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.AnswerView;
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
 * <p>The window: text is held back only while it could still be the start of a match: the last
 * {@value #WINDOW} characters, any match that reaches the end of what arrived (it may grow), and the word being
 * written. Everything before that goes out at once, rewritten. The held text is written, rewritten, before the next
 * event that is not text (a tool call, the finish, the end of the stream), as a text event of the caller's format,
 * so nothing is reordered, dropped or duplicated, and the stream's framing, tool-call deltas and usage stay as the
 * provider sent them.
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
    private final StringBuilder held = new StringBuilder();
    private StreamEventView lastText;

    OutputFilter(String alias, GuardrailRules rules, GuardrailMetrics metrics) {
        this.alias = alias;
        this.content = new ContentRules(rules.filters());
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

    @Override
    public Optional<GatewayError> onStreamEvent(StreamEventView event) {
        Optional<TextPart> delta = event.textDelta();
        if (delta.isEmpty()) {
            if (held.length() > 0 && lastText != null) {
                event.insertBefore(lastText.withText(flush()));
            }
            return Optional.empty();
        }
        lastText = event;
        String buffer = held.append(delta.get().text()).toString();
        List<ContentRules.Hit> hits = content.find(buffer);
        Optional<GatewayError> blocked = blocked(hits);
        if (blocked.isPresent()) {
            return blocked;
        }
        int cut = safeCut(buffer, hits);
        String out = ContentRules.rewrite(buffer.substring(0, cut),
                hits.stream().filter(hit -> hit.finding().end() <= cut).toList(), counts);
        held.setLength(0);
        held.append(buffer, cut, buffer.length());
        if (!out.equals(delta.get().text())) {
            delta.get().replace(out);
        }
        return Optional.empty();
    }

    @Override
    public String onStreamEnd() {
        String sse = held.length() > 0 && lastText != null ? lastText.withText(flush()) : "";
        report("in the stream");
        return sse;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    /** Where the text that is safe to send ends: before the window, any growing match and the word in progress. */
    static int safeCut(String buffer, List<ContentRules.Hit> hits) {
        int length = buffer.length();
        int cut = Math.max(0, length - WINDOW);
        for (ContentRules.Hit hit : hits) {
            Finding f = hit.finding();
            if ((f.start() < cut && f.end() > cut) || f.end() == length) {
                cut = Math.min(cut, f.start());
            }
        }
        int word = cut;
        while (word > 0 && word > cut - LONGEST_WORD && Character.isLetterOrDigit(buffer.charAt(word - 1))
                && word < length && Character.isLetterOrDigit(buffer.charAt(word))) {
            word--;
        }
        return word > cut - LONGEST_WORD ? word : cut;
    }

    private String flush() {
        String text = held.toString();
        held.setLength(0);
        return ContentRules.rewrite(text, content.find(text), counts);
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
