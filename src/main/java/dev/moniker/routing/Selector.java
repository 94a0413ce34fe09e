package dev.moniker.routing;

import java.util.List;
import java.util.Optional;

/** How one step of an alias picks the model it calls: one target, a weighted split, or a load-balanced pool. */
public sealed interface Selector {

    /** Every target this selector can call, in configuration order. */
    List<Target> targets();

    /** One model. */
    record Single(Target target) implements Selector {
        @Override
        public List<Target> targets() {
            return List.of(target);
        }
    }

    /** A split arm: a target and its share of traffic, in percent. */
    record Arm(Target target, int weight) {
    }

    /**
     * Traffic split or canary: one arm per request, weighted, optionally sticky per caller, optionally watched by a
     * {@link CanaryPolicy} that rolls a bad minority arm back.
     */
    record Split(List<Arm> arms, Optional<StickyBy> stickyBy, Optional<CanaryPolicy> canary) implements Selector {
        public Split {
            arms = List.copyOf(arms);
        }

        public Split(List<Arm> arms, Optional<StickyBy> stickyBy) {
            this(arms, stickyBy, Optional.empty());
        }

        /** The arm the canary policy never rolls back: the largest weight (the first of equals). */
        public Arm majority() {
            Arm best = arms.get(0);
            for (Arm arm : arms) {
                if (arm.weight() > best.weight()) {
                    best = arm;
                }
            }
            return best;
        }

        @Override
        public List<Target> targets() {
            return arms.stream().map(Arm::target).toList();
        }
    }

    /** Load-balancing algorithms. */
    enum Algorithm {
        ROUND_ROBIN("round_robin"), LEAST_CONNECTIONS("least_connections"), WEIGHTED("weighted"), LATENCY("latency");

        private final String configName;

        Algorithm(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Algorithm> byConfigName(String name) {
            for (Algorithm a : values()) {
                if (a.configName.equals(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Instances of one model behind different endpoints; each endpoint is its own derived provider entry (own
     * client, own circuit breaker).
     *
     * @param endpoints one target per endpoint, in configuration order
     * @param weights   per endpoint, used by {@link Algorithm#WEIGHTED} (1 when not given)
     */
    record Pool(List<Target> endpoints, Algorithm algorithm, List<Integer> weights) implements Selector {
        public Pool {
            endpoints = List.copyOf(endpoints);
            weights = List.copyOf(weights);
        }

        @Override
        public List<Target> targets() {
            return endpoints;
        }
    }
}
