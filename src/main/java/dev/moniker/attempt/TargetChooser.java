package dev.moniker.attempt;

import dev.moniker.routing.Selector;
import dev.moniker.routing.Target;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Picks what one step of a plan calls, per request: the one target, one split arm, or an ordered list of pool
 * endpoints (the first is the pick; the others are tried in turn when an endpoint fails).
 *
 * <p>Load-balancing algorithms:
 * <ul>
 *   <li>{@code round_robin}: exact rotation over the configured endpoints; an endpoint out of rotation gives its
 *       turn to the next one.</li>
 *   <li>{@code least_connections}: fewest in-flight requests through this gateway; ties in rotation order.</li>
 *   <li>{@code weighted}: random, in proportion to each endpoint's {@code weight}.</li>
 *   <li>{@code latency} (Moniker's own): power of two choices: two random endpoints, the one with the lower
 *       average latency (EWMA of time to answer or first chunk) wins; an endpoint not measured yet wins, so every
 *       endpoint gets measured.</li>
 * </ul>
 * Endpoints out of rotation (breaker open, {@code Retry-After} cooldown) are left out while any other is in; so are
 * split arms a canary policy rolled back ({@link Canaries}).
 */
public final class TargetChooser {

    private final RandomGenerator random;
    private final EndpointHealth health;
    private final AttemptMetrics metrics;
    /** Round-robin position per pool (pools are immutable values built once; identity is stable). */
    private final Map<Selector.Pool, AtomicLong> rotations = new ConcurrentHashMap<>();

    private final Canaries canaries;

    public TargetChooser(RandomGenerator random, EndpointHealth health, AttemptMetrics metrics) {
        this(random, health, metrics, new Canaries(System::nanoTime, metrics));
    }

    /** @param canaries the canary arms' records, which rolled-back arms to give weight 0 */
    public TargetChooser(RandomGenerator random, EndpointHealth health, AttemptMetrics metrics, Canaries canaries) {
        this.random = random;
        this.health = health;
        this.metrics = metrics;
        this.canaries = canaries;
    }

    /** Whether a split arm takes its weight now: in rotation, and not a rolled-back canary. */
    public boolean inRotation(String alias, Selector.Split split, Selector.Arm arm) {
        return health.inRotation(arm.target().upstream()) && canaries.inRotation(alias, split, arm);
    }

    /** The candidates of one step, in the order to try them; never empty. */
    public List<Choice> candidates(String alias, Selector selector, RequestFacts facts) {
        return switch (selector) {
            case Selector.Single single -> List.of(new Choice(single.target(), ""));
            case Selector.Split split -> {
                List<Choice> arms = arms(alias, split, facts);
                metrics.splitArm(alias, arms.get(0).target().displayName());
                yield arms;
            }
            case Selector.Pool pool -> {
                List<Choice> order = order(pool);
                Choice first = order.get(0);
                metrics.endpointPicked(alias, first.target().displayName(), first.endpoint());
                yield order;
            }
        };
    }

    /** One split arm: a sticky caller's hash bucket, else a random one; buckets are the percent points 0..99. */
    Target arm(Selector.Split split, RequestFacts facts) {
        return arms("-", split, facts).get(0).target();
    }

    /**
     * The split's arms in the order to try them. First the arm the caller's bucket (sticky, else random) falls in;
     * if that arm is out of rotation, the bucket is spread over the arms in rotation instead, in proportion to their
     * weights, so a sticky caller moves only while its arm is sick. Then the other arms in rotation, in a weighted
     * random order, for when the first fails; then the arms out of rotation, the earliest to recover first.
     */
    List<Choice> arms(String alias, Selector.Split split, RequestFacts facts) {
        Optional<String> key = split.stickyBy().flatMap(s -> s.key(facts.user(), facts.headers()));
        int bucket = key.map(TargetChooser::bucket).orElseGet(() -> random.nextInt(100));
        List<Selector.Arm> up = new ArrayList<>();
        List<Selector.Arm> out = new ArrayList<>();
        for (Selector.Arm arm : split.arms()) {
            (inRotation(alias, split, arm) ? up : out).add(arm);
        }
        out.sort(Comparator.comparingLong(arm -> health.recoversInNanos(arm.target().upstream())));
        List<Selector.Arm> ordered = new ArrayList<>(split.arms().size());
        Selector.Arm preferred = inBucket(split.arms(), bucket, 100);
        if (up.contains(preferred) || up.isEmpty()) {
            ordered.add(up.isEmpty() ? out.remove(0) : preferred);
        } else {
            ordered.add(inBucket(up, bucket, 100));
        }
        up.remove(ordered.get(0));
        while (!up.isEmpty()) {
            ordered.add(inBucket(up, random.nextInt(100), 100));
            up.remove(ordered.get(ordered.size() - 1));
        }
        ordered.addAll(out);
        return ordered.stream().map(arm -> new Choice(arm.target(), "", canaries.watched(alias, split, arm)))
                .toList();
    }

    /** The arm whose share of {@code scale} buckets holds {@code bucket}, the arms' weights spread over the scale. */
    private static Selector.Arm inBucket(List<Selector.Arm> arms, int bucket, int scale) {
        long total = arms.stream().mapToLong(Selector.Arm::weight).sum();
        long point = total == 0 ? 0 : (long) bucket * total / scale;
        long cumulative = 0;
        for (Selector.Arm arm : arms) {
            cumulative += arm.weight();
            if (point < cumulative) {
                return arm;
            }
        }
        return arms.get(arms.size() - 1);
    }

    /**
     * A caller's bucket, 0..99: a stable 64-bit hash (FNV-1a, then a finaliser to spread similar keys), so the
     * same caller lands in the same bucket on every gateway instance and across restarts. Changing the weights
     * moves only the callers whose bucket changes arm.
     */
    static int bucket(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (int) Math.floorMod(hash, 100L);
    }

    List<Choice> order(Selector.Pool pool) {
        List<Target> endpoints = pool.endpoints();
        int n = endpoints.size();
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        List<Integer> up = all.stream().filter(i -> health.inRotation(endpoints.get(i).upstream())).toList();
        if (up.isEmpty()) { // all out: try them anyway, the earliest to recover first
            List<Integer> byRecovery = new ArrayList<>(all);
            byRecovery.sort(Comparator.comparingLong(i -> health.recoversInNanos(endpoints.get(i).upstream())));
            return byRecovery.stream().map(i -> new Choice(endpoints.get(i), "#" + (i + 1))).toList();
        }
        List<Integer> pickable = up;
        List<Integer> ordered = switch (pool.algorithm()) {
            case ROUND_ROBIN -> rotateFrom(pickable, rotation(pool, n));
            case LEAST_CONNECTIONS -> {
                List<Integer> rotated = new ArrayList<>(rotateFrom(pickable, rotation(pool, n)));
                rotated.sort(Comparator.comparingInt(i -> health.state(endpoints.get(i).upstream()).inFlight()));
                yield rotated;
            }
            case WEIGHTED -> firstThenRest(pickable, weightedPick(pickable, pool.weights()));
            case LATENCY -> firstThenRest(pickable, twoChoices(pickable, endpoints));
        };
        List<Choice> choices = new ArrayList<>(n);
        for (int i : ordered) {
            choices.add(new Choice(endpoints.get(i), "#" + (i + 1)));
        }
        return choices;
    }

    private int rotation(Selector.Pool pool, int n) {
        return (int) Math.floorMod(rotations.computeIfAbsent(pool, p -> new AtomicLong()).getAndIncrement(), (long) n);
    }

    /** The pickable endpoints in configuration order, starting at the first whose index is at least {@code start}. */
    private static List<Integer> rotateFrom(List<Integer> pickable, int start) {
        List<Integer> result = new ArrayList<>(pickable.size());
        pickable.stream().filter(i -> i >= start).forEach(result::add);
        pickable.stream().filter(i -> i < start).forEach(result::add);
        return result;
    }

    private int weightedPick(List<Integer> pickable, List<Integer> weights) {
        int total = pickable.stream().mapToInt(weights::get).sum();
        int r = random.nextInt(total);
        for (int i : pickable) {
            r -= weights.get(i);
            if (r < 0) {
                return i;
            }
        }
        return pickable.get(pickable.size() - 1);
    }

    private int twoChoices(List<Integer> pickable, List<Target> endpoints) {
        if (pickable.size() == 1) {
            return pickable.get(0);
        }
        int ia = random.nextInt(pickable.size());
        int ib = random.nextInt(pickable.size() - 1);
        if (ib >= ia) {
            ib++; // two distinct endpoints
        }
        int a = pickable.get(ia);
        int b = pickable.get(ib);
        double la = health.state(endpoints.get(a).upstream()).latencyNanos();
        double lb = health.state(endpoints.get(b).upstream()).latencyNanos();
        return lb < la ? b : a;
    }

    private static List<Integer> firstThenRest(List<Integer> pickable, int first) {
        List<Integer> result = new ArrayList<>(pickable.size());
        result.add(first);
        pickable.stream().filter(i -> i != first).forEach(result::add);
        return result;
    }
}
