package dev.moniker.guardrail;

import dev.moniker.guardrail.GuardrailRules.Action;
import dev.moniker.guardrail.GuardrailRules.Category;
import dev.moniker.stage.Intervention;
import dev.moniker.stage.Stage;
import dev.moniker.wire.GatewayError;
import dev.moniker.wire.view.RequestView;
import dev.moniker.wire.view.TextPart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The guardrails on a request, before any provider call. Blocking rules see the input as the client sent it:
 * {@code block_categories} (jailbreak, PII) refuse with 400 {@code content_blocked}; archgw's jailbreak prompt
 * guard answers with its message instead; a content filter with {@code action: block} refuses. Then the content
 * filters rewrite the text the provider will receive. Jailbreaks are looked for in the caller's messages, not in the
 * operator's own system prompt (which often tells the model to ignore instructions found in documents).
 */
final class InputGuard implements Stage {

    /** It judges requests only: its streams need not be parsed. */
    @Override
    public boolean readsStreamEvents() {
        return false;
    }

    private final String alias;
    private final GuardrailRules rules;
    /** The content filters that apply to the input ({@code apply_to} input or both). */
    private final List<GuardrailRules.ContentFilter> filters;
    private final ContentRules content;
    private final GuardrailMetrics metrics;
    private final List<String> notes = new ArrayList<>();

    InputGuard(String alias, GuardrailRules rules, List<GuardrailRules.ContentFilter> filters, GuardrailMetrics metrics) {
        this.alias = alias;
        this.rules = rules;
        this.filters = filters;
        this.content = new ContentRules(filters);
        this.metrics = metrics;
    }

    @Override
    public Optional<Intervention> onRequest(RequestView request) {
        List<TextPart> texts = request.texts();
        Optional<Intervention> stopped = jailbreak(texts).or(() -> blockedCategory(texts, Category.PII, ContentRules.PII))
                .or(() -> blockingFilter(texts));
        if (stopped.isPresent()) {
            return stopped;
        }
        Map<String, Integer> counts = new HashMap<>();
        // Blocking PII found none in these texts: the redaction need not look for it again.
        boolean noPii = rules.blocked().contains(Category.PII);
        for (TextPart part : texts) {
            List<ContentRules.Hit> hits = content.find(part.text(), noPii);
            if (!hits.isEmpty()) {
                part.replace(ContentRules.rewrite(part.text(), hits, counts));
            }
        }
        counts.forEach((key, times) -> {
            String[] actionAndRule = key.split("=");
            metrics.acted(alias, actionAndRule[1], actionAndRule[0], times, times + " in the request");
        });
        notes.addAll(ContentRules.notes(counts));
        return Optional.empty();
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    private Optional<Intervention> jailbreak(List<TextPart> texts) {
        boolean block = rules.blocked().contains(Category.JAILBREAK);
        if (!block && rules.guardMessage().isEmpty()) {
            return Optional.empty();
        }
        for (TextPart part : texts) {
            if (!part.role().equals("system") && !ContentRules.JAILBREAK.find(part.text()).isEmpty()) {
                if (block) {
                    return Optional.of(refuse("jailbreak", "instruction override"));
                }
                notes.add("answered=prompt_guard:jailbreak");
                metrics.acted(alias, "jailbreak", "answered", 1, "prompt guard message sent instead");
                return Optional.of(new Intervention.Reply(rules.guardMessage().get()));
            }
        }
        return Optional.empty();
    }

    private Optional<Intervention> blockedCategory(List<TextPart> texts, Category category, Detector detector) {
        if (!rules.blocked().contains(category)) {
            return Optional.empty();
        }
        for (TextPart part : texts) {
            List<Finding> found = detector.find(part.text());
            if (!found.isEmpty()) {
                return Optional.of(refuse(category.configName(), found.get(0).kind()));
            }
        }
        return Optional.empty();
    }

    private Optional<Intervention> blockingFilter(List<TextPart> texts) {
        for (GuardrailRules.ContentFilter filter : filters) {
            if (filter.action() != Action.BLOCK) {
                continue;
            }
            ContentRules one = new ContentRules(List.of(filter));
            for (TextPart part : texts) {
                List<ContentRules.Hit> hits = one.find(part.text());
                if (!hits.isEmpty()) {
                    return Optional.of(refuse(filter.type().configName(), hits.get(0).finding().kind()));
                }
            }
        }
        return Optional.empty();
    }

    /** 400 {@code content_blocked}, naming the rule and the kind of entity, never the text. */
    private Intervention refuse(String rule, String kind) {
        notes.add("blocked=" + rule);
        metrics.acted(alias, rule, "blocked", 1, kind);
        return new Intervention.Refuse(new GatewayError(400, "invalid_request_error", "content_blocked", null,
                "Request blocked by guardrail: " + rule + ": " + kind));
    }
}
