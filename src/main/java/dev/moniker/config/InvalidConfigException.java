package dev.moniker.config;

import java.util.List;

/**
 * The gateway file was refused. Carries every problem found, each naming the key path and the reason, so an
 * operator fixes the file in one pass instead of one error per restart.
 */
public final class InvalidConfigException extends RuntimeException {
    private final String origin;
    private final List<String> problems;

    public InvalidConfigException(String origin, List<String> problems) {
        super(format(origin, problems));
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    public String origin() {
        return origin;
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(String origin, List<String> problems) {
        StringBuilder message = new StringBuilder("invalid configuration in ").append(origin).append(':');
        for (String problem : problems) {
            message.append("\n  - ").append(problem);
        }
        return message.toString();
    }
}
