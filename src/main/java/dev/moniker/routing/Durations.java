package dev.moniker.routing;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the gateway file's durations: a positive whole number with {@code ms}, {@code s} or {@code m}. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m)");

    private Durations() {
    }

    /** {@code 500ms}, {@code 5s}, {@code 1m}; empty for anything else, including zero. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        if (amount == 0) {
            return Optional.empty();
        }
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        });
    }
}
