package dev.moniker.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main sources' packages depend on each other in one direction only, read from the sources themselves (every
 * {@code dev.moniker.<package>.<Type>} they name, imported or written out): no cycle, and no dependency the layering
 * below does not allow. Adding one fails here, naming the files.
 *
 * <pre>
 * api -> ingress -> (stage, translate, attempt -> routing -> provider) -> wire ; runtime builds the snapshot from config
 * </pre>
 */
class PackageDependenciesTest {

    /** What each package may use; the root package (the main class) is "". */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of("config", "routing", "provider", "guardrail", "cost")),
            Map.entry("api", Set.of("ingress", "runtime", "routing", "provider", "wire", "access", "conversation")),
            Map.entry("ingress", Set.of("runtime", "attempt", "routing", "provider", "stage", "translate", "wire",
                    "access", "limit", "conversation")),
            Map.entry("runtime", Set.of("config", "attempt", "routing", "provider", "stage", "translate", "guardrail", "cost",
                    "conversation",
                    "access", "limit")),
            Map.entry("limit", Set.of("stage", "cost", "wire")),
            Map.entry("access", Set.of()),
            Map.entry("guardrail", Set.of("stage", "cost", "wire")),
            Map.entry("cost", Set.of()),
            Map.entry("conversation", Set.of("stage", "wire")),
            Map.entry("stage", Set.of("wire")),
            Map.entry("attempt", Set.of("routing", "provider", "wire")),
            Map.entry("config", Set.of("routing", "provider", "guardrail", "cost", "access", "limit", "conversation")),
            Map.entry("routing", Set.of("provider")),
            Map.entry("translate", Set.of("wire")),
            Map.entry("provider", Set.of("wire")),
            Map.entry("wire", Set.of()));

    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.moniker\\.([a-z]+)(?:\\.[a-z]+)*\\.[A-Z]");
    private static final Path MAIN = Path.of("src", "main", "java", "dev", "moniker");

    /** Package -> the packages it names, with the files that name each one. */
    static Map<String, Map<String, Set<String>>> dependencies(Path root) {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = root.relativize(file.getParent());
                String from = relative.toString().isEmpty() ? "" : relative.getName(0).toString();
                Map<String, Set<String>> edges = graph.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher reference = REFERENCE.matcher(Files.readString(file));
                while (reference.find()) {
                    String to = reference.group(1);
                    if (!to.equals(from)) {
                        edges.computeIfAbsent(to, k -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** A cycle in the graph, as a path that starts and ends at the same package; empty if there is none. */
    static Optional<List<String>> cycle(Map<String, ? extends Map<String, ?>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the current path, 2 done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> found = visit(start, graph, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String node, Map<String, ? extends Map<String, ?>> graph,
                                                Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return Optional.empty();
        }
        path.add(node);
        if (seen != null) { // back on the current path
            return Optional.of(List.copyOf(path.subList(path.indexOf(node), path.size())));
        }
        state.put(node, 1);
        Map<String, ?> edges = graph.get(node);
        for (String next : edges == null ? Set.<String>of() : edges.keySet()) {
            Optional<List<String>> found = visit(next, graph, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        state.put(node, 2);
        path.remove(path.size() - 1);
        return Optional.empty();
    }

    @Test
    void packagesFormNoCycle() {
        Map<String, Map<String, Set<String>>> graph = dependencies(MAIN);
        assertTrue(graph.size() >= 8, "read the main sources: " + graph.keySet());
        assertEquals(Optional.empty(), cycle(graph), () -> "package cycle; dependencies: " + graph);
    }

    @Test
    void everyDependencyPointsDownTheLayers() {
        List<String> violations = new ArrayList<>();
        dependencies(MAIN).forEach((from, edges) -> {
            Set<String> allowed = ALLOWED.get(from);
            if (allowed == null) {
                violations.add("package '" + from + "' is not in the layering: add it to ALLOWED");
                return;
            }
            edges.forEach((to, files) -> {
                if (!allowed.contains(to)) {
                    violations.add(from + " -> " + to + " (" + String.join(", ", files) + ")");
                }
            });
        });
        assertEquals(List.of(), violations);
    }

    @Test
    void theCycleCheckFindsACycle() {
        // Sorted, so the search starts at "api" (Map.of iterates in a different order in each JVM).
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>(Map.of(
                "api", Map.of("gateway", Set.of()),
                "gateway", Map.of("provider", Set.of()),
                "provider", Map.of("gateway", Set.of("UpstreamClients.java"))));
        assertEquals(Optional.of(List.of("gateway", "provider", "gateway")), cycle(graph));
        assertEquals(Optional.empty(), cycle(Map.of("api", Map.of("gateway", Set.of()), "gateway", Map.of())));
    }
}
