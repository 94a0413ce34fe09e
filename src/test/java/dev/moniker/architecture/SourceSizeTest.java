package dev.moniker.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small classes and short methods, measured: no main source file over {@value #MAX_FILE} lines, no method or
 * constructor over {@value #MAX_METHOD} (declaration to closing brace, anonymous classes inside counted with it).
 */
class SourceSizeTest {

    static final int MAX_FILE = 400;
    static final int MAX_METHOD = 60;
    private static final Path MAIN = Path.of("src", "main", "java");

    /** A member declaration that takes parameters: a method or a constructor (not a control statement). */
    private static final Pattern DECLARATION = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|abstract|synchronized|default)\\s+)*"
                    + "(?:<[^>]+>\\s+)?(?:[\\w.]+(?:<[^;=]*>)?(?:\\[\\])*\\s+)?\\w+\\s*\\(");
    /** A type declaration (a record's components look like parameters): its body is not one method. */
    private static final Pattern TYPE = Pattern.compile("\\b(?:record|class|interface|enum)\\s+\\w+");
    private static final Set<String> STATEMENTS = Set.of("if", "for", "while", "switch", "catch", "return", "new",
            "else", "try", "throw", "synchronized", "do", "case", "yield");

    /** Each method longer than {@code max} lines in {@code source}, as "name (n lines)". */
    static List<String> longMethods(List<String> source, int max) {
        List<String> found = new ArrayList<>();
        int depth = 0;
        int start = -1;
        int bodyDepth = -1;
        String name = null;
        for (int i = 0; i < source.size(); i++) {
            String line = code(source.get(i));
            if (start < 0 && isDeclaration(line)) {
                start = i;
                name = line.trim().replaceAll("\\s*\\(.*", "").replaceAll(".*\\s", "");
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    if (start >= 0 && bodyDepth < 0) {
                        bodyDepth = depth;
                    }
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (bodyDepth >= 0 && depth == bodyDepth) {
                        int lines = i - start + 1;
                        if (lines > max) {
                            found.add(name + " (" + lines + " lines)");
                        }
                        start = -1;
                        bodyDepth = -1;
                    }
                }
            }
            if (start >= 0 && bodyDepth < 0 && line.trim().endsWith(";")) {
                start = -1; // an abstract or interface method: no body
            }
        }
        return found;
    }

    private static boolean isDeclaration(String line) {
        if (!DECLARATION.matcher(line).find()) {
            return false;
        }
        String first = line.trim().split("[\\s(]", 2)[0];
        return !STATEMENTS.contains(first) && !line.contains("=") && !line.trim().startsWith(".")
                && !TYPE.matcher(line).find();
    }

    /** The line without string literals and line comments, so their braces do not count. */
    private static String code(String line) {
        String withoutStrings = line.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(?:\\\\.|[^'\\\\])'", "''");
        int comment = withoutStrings.indexOf("//");
        String trimmed = withoutStrings.trim();
        if (trimmed.startsWith("*") || trimmed.startsWith("/*")) {
            return "";
        }
        return comment >= 0 ? withoutStrings.substring(0, comment) : withoutStrings;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void noFileIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            int lines = Files.readAllLines(file).size();
            if (lines > MAX_FILE) {
                tooLong.add(file + " (" + lines + " lines)");
            }
        }
        assertEquals(List.of(), tooLong);
    }

    @Test
    void noMethodIsLongerThanTheLimit() throws IOException {
        List<String> tooLong = new ArrayList<>();
        List<Path> files = sources();
        assertTrue(files.size() > 50, "read the main sources: " + files.size());
        for (Path file : files) {
            longMethods(Files.readAllLines(file), MAX_METHOD).forEach(m -> tooLong.add(file.getFileName() + ": " + m));
        }
        assertEquals(List.of(), tooLong);
    }

    @Test
    void theMethodCheckFindsALongMethod() {
        List<String> source = new ArrayList<>(List.of("class A {", "    private static int sum(int a,", "            int b) {"));
        for (int i = 0; i < 60; i++) {
            source.add("        if (a > " + i + ") { a++; } // {");
        }
        source.addAll(List.of("        return a + b;", "    }", "    void small() {", "        run(\"}\");", "    }", "}"));
        assertEquals(List.of("sum (64 lines)"), longMethods(source, MAX_METHOD));
        assertEquals(List.of(), longMethods(source.subList(0, 3), MAX_METHOD));
    }
}
