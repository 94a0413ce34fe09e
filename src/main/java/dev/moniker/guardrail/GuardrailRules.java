package dev.moniker.guardrail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * An alias's validated guardrails (besides {@code max_latency}, which the attempt loop enforces), and the
 * listener-wide {@code prompt_guards}: what to refuse, what to rewrite, what to answer instead.
 *
 * @param blocked      {@code block_categories}: input that is refused (400 {@code content_blocked})
 * @param filters      {@code content_filters}: rewritten (or refused) on input, output or both
 * @param guardMessage {@code prompt_guards.input_guards.jailbreak.on_exception.message}: a jailbreak is answered
 *                     with this text (archgw's behaviour) instead of reaching a model
 * @param maxCost      {@code max_cost_per_request}, in USD
 */
public record GuardrailRules(Set<Category> blocked, List<ContentFilter> filters, Optional<String> guardMessage,
                             OptionalDouble maxCost) {

    public static final GuardrailRules NONE = new GuardrailRules(Set.of(), List.of(), Optional.empty(),
            OptionalDouble.empty());

    public GuardrailRules {
        blocked = Set.copyOf(blocked);
        filters = List.copyOf(filters);
    }

    public boolean isEmpty() {
        return !checksContent() && maxCost.isEmpty();
    }

    /** Whether any rule reads the request's or the answer's text. */
    public boolean checksContent() {
        return !blocked.isEmpty() || !filters.isEmpty() || guardMessage.isPresent();
    }

    /** The alias's rules with the listener-wide prompt guard added. */
    public GuardrailRules withGuardMessage(Optional<String> message) {
        return new GuardrailRules(blocked, filters, message.isPresent() ? message : guardMessage, maxCost);
    }

    /** A {@code block_categories} entry. */
    public enum Category {
        PII, JAILBREAK;

        public String configName() {
            return this == PII ? "PII" : "jailbreak";
        }

        public static Optional<Category> byConfigName(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "pii" -> Optional.of(PII);
                case "jailbreak" -> Optional.of(JAILBREAK);
                default -> Optional.empty();
            };
        }
    }

    /** A {@code content_filters} entry: what it finds, what it does with it, and on which side of the model. */
    public record ContentFilter(Type type, Action action, Side appliesTo) {

        /** A filter on input and output, as the seed's entries are. */
        public ContentFilter(Type type, Action action) {
            this(type, action, Side.BOTH);
        }
    }

    /** The filters of one side: the request's or the answer's. */
    public List<ContentFilter> filters(Side side) {
        return filters.stream().filter(filter -> filter.appliesTo() == Side.BOTH || filter.appliesTo() == side).toList();
    }

    /** {@code apply_to}: the request the provider receives, the answer the client receives, or both. */
    public enum Side {
        INPUT, OUTPUT, BOTH;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Side> byConfigName(String name) {
            return named(values(), Side::configName, name);
        }
    }

    public enum Type {
        PROFANITY("profanity", Action.MASK), SENSITIVE_DATA("sensitive_data", Action.REDACT);

        private final String configName;
        private final Action defaultAction;

        Type(String configName, Action defaultAction) {
            this.configName = configName;
            this.defaultAction = defaultAction;
        }

        public String configName() {
            return configName;
        }

        public Action defaultAction() {
            return defaultAction;
        }

        public static Optional<Type> byConfigName(String name) {
            return named(values(), Type::configName, name);
        }
    }

    /** {@code mask}: {@code f***}; {@code redact}: {@code [REDACTED:<type>]}; {@code block}: refuse. */
    public enum Action {
        MASK, REDACT, BLOCK;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Action> byConfigName(String name) {
            return named(values(), Action::configName, name);
        }
    }

    /** The value whose configuration name is {@code name}, ignoring case and surrounding blanks. */
    private static <E> Optional<E> named(E[] values, java.util.function.Function<E, String> configName, String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (configName.apply(value).equals(wanted)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
