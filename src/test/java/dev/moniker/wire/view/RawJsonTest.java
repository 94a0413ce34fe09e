package dev.moniker.wire.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The raw path scan against Jackson's parser as the reference: on random JSON (nesting, escapes, surrogate pairs,
 * whitespace), every string leaf is found with the value and the token offsets Jackson gives, the splice yields the
 * same document with only that value changed, paths that lead nowhere give null, and cut or broken text never
 * yields a wrong value.
 */
class RawJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TEXTS = {"", "token ", "a \"quoted\" word", "back\\slash", "tab\there", "line\nbreak",
            "caf\u00e9", "emoji \ud83d\ude00", "\u0001control", "</script>", "content", "{not json}", "[1,2]"};

    @Test
    void theChunksOfBothFormatsAreReadAsTheyCome() {
        String openAi = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"tok \\\"en\\\" \\u00e9\"},\"finish_reason\":null}]}";
        RawJson.Found found = RawJson.find(openAi, "choices", "0", "delta", "content");
        assertEquals("tok \"en\" \u00e9", found.value());
        assertEquals("\"tok \\\"en\\\" \\u00e9\"", openAi.substring(found.start(), found.end()));
        String anthropic = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}";
        assertEquals("Hi", RawJson.find(anthropic, "delta", "text").value());
        assertNull(RawJson.find(openAi, "choices", "1", "delta", "content"), "no second choice");
        assertNull(RawJson.find(openAi, "choices", "0", "delta", "role"), "no such member");
        assertNull(RawJson.find(openAi, "choices", "0", "index"), "not a string");
        assertNull(RawJson.find(openAi, "choices", "x"), "a name where an array is");
        assertNull(RawJson.find("[DONE]", "choices"), "not an object");
        assertNull(RawJson.find("", "choices"), "empty");
    }

    /** The per-stream shortcut (the text before the last delta) finds exactly what a whole scan finds. */
    @Test
    void theStreamShortcutFindsWhatAWholeScanFinds() throws Exception {
        String[] path = {"choices", "0", "delta", "content"};
        String prefix = "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":";
        List<String> events = new ArrayList<>(List.of(prefix + "\"Hel\"}}]}", prefix + "\"lo \\\"x\\\"\"}}]}",
                prefix + "null}}]}", prefix + "\"cut", prefix + "\"a\"x}}]}", prefix + "\"\"}}]}",
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}",
                prefix + "\"again\"},\"finish_reason\":null}]}", "[DONE]"));
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            events.add(MAPPER.writeValueAsString(value(random, 0)));
            events.add(prefix + MAPPER.writeValueAsString(TEXTS[random.nextInt(TEXTS.length)]) + "}}]}");
        }
        String[] last = new String[1];
        for (String event : events) {
            RawJson.Found whole = RawJson.find(event, path);
            RawJson.Found cached = RawJson.find(event, path, last);
            assertEquals(whole, cached, event);
        }
    }

    @Test
    void everyStringLeafOfRandomJsonIsFoundAsJacksonReadsIt() throws Exception {
        Random random = new Random(42);
        int leaves = 0;
        for (int round = 0; round < 2000; round++) {
            JsonNode tree = value(random, 0);
            String json = random.nextBoolean() ? MAPPER.writeValueAsString(tree)
                    : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            List<List<String>> paths = new ArrayList<>();
            collect(tree, new ArrayList<>(), paths);
            for (List<String> path : paths) {
                String[] steps = path.toArray(String[]::new);
                JsonNode expected = tree.at(pointer(path));
                RawJson.Found found = RawJson.find(json, steps);
                if (!expected.isTextual()) {
                    assertNull(found, () -> "not a string at " + path + " in " + json);
                    continue;
                }
                leaves++;
                assertEquals(expected.textValue(), found.value(), () -> path + " in " + json);
                assertEquals(expected.textValue(), MAPPER.readTree(json.substring(found.start(), found.end())).textValue(),
                        "the offsets cover exactly the value's token");
                String spliced = found.splice(json, "new \"value\"\n");
                JsonNode changed = path.isEmpty() ? NODES.textNode("new \"value\"\n") : tree.deepCopy();
                if (!path.isEmpty()) {
                    replace(changed, path, "new \"value\"\n");
                }
                assertEquals(changed, MAPPER.readTree(spliced), () -> "splice at " + path + " in " + json);
                // A path one step past a string, or to a member that is not there, leads nowhere.
                assertNull(RawJson.find(json, append(steps, "0")));
                assertNull(RawJson.find(json, append(steps, "missing")));
            }
        }
        assertTrue(leaves > 1000, "only " + leaves + " string leaves were tried");
    }

    @Test
    void cutOrBrokenTextNeverYieldsAWrongValue() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            JsonNode tree = value(random, 0);
            String json = MAPPER.writeValueAsString(tree);
            List<List<String>> paths = new ArrayList<>();
            collect(tree, new ArrayList<>(), paths);
            for (List<String> path : paths) {
                JsonNode expected = tree.at(pointer(path));
                String[] steps = path.toArray(String[]::new);
                String broken = random.nextBoolean() ? json.substring(0, random.nextInt(json.length() + 1))
                        : corrupt(json, random);
                RawJson.Found found = RawJson.find(broken, steps);
                if (found == null) {
                    continue;
                }
                JsonNode reread = readOrNull(broken);
                if (reread != null) {
                    // Still JSON after the damage: the scan agrees with a parser on the text it was given.
                    assertEquals(reread.at(pointer(path)).textValue(), found.value(), () -> path + " in " + broken);
                } else {
                    // Not JSON any more: whatever the scan still found is the document's real value.
                    assertEquals(expected.textValue(), found.value(), () -> path + " in " + broken);
                }
            }
        }
    }

    private static JsonNode readOrNull(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private static String corrupt(String json, Random random) {
        char[] chars = json.toCharArray();
        chars[random.nextInt(chars.length)] = "{}[],:\"\\x".charAt(random.nextInt(9));
        return new String(chars);
    }

    private static JsonNode value(Random random, int depth) {
        int kind = depth > 4 ? 2 + random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> {
                ObjectNode object = NODES.objectNode();
                int members = random.nextInt(5);
                for (int i = 0; i < members; i++) {
                    String[] names = {"choices", "delta", "content", "text", "type", "a\"b", "caf\u00e9", "index"};
                    object.set(names[random.nextInt(names.length)] + (random.nextInt(3) == 0 ? i : ""),
                            value(random, depth + 1));
                }
                yield object;
            }
            case 1 -> {
                ArrayNode array = NODES.arrayNode();
                int elements = random.nextInt(4);
                for (int i = 0; i < elements; i++) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
            case 2, 3 -> NODES.textNode(TEXTS[random.nextInt(TEXTS.length)]);
            case 4 -> random.nextBoolean() ? NODES.numberNode(random.nextInt(2000) - 1000) : NODES.numberNode(1.5e-3);
            default -> random.nextBoolean() ? NODES.booleanNode(random.nextBoolean()) : NODES.nullNode();
        };
    }

    private static void collect(JsonNode node, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                path.add(name);
                collect(node.get(name), path, paths);
                path.remove(path.size() - 1);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(Integer.toString(i));
                collect(node.get(i), path, paths);
                path.remove(path.size() - 1);
            }
        }
    }

    private static com.fasterxml.jackson.core.JsonPointer pointer(List<String> path) {
        com.fasterxml.jackson.core.JsonPointer pointer = com.fasterxml.jackson.core.JsonPointer.empty();
        for (String step : path) {
            pointer = pointer.appendProperty(step);
        }
        return pointer;
    }

    private static void replace(JsonNode root, List<String> path, String text) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(path.get(i))) : parent.get(path.get(i));
        }
        String last = path.get(path.size() - 1);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), NODES.textNode(text));
        } else {
            ((ObjectNode) parent).put(last, text);
        }
    }

    private static String[] append(String[] steps, String step) {
        String[] longer = java.util.Arrays.copyOf(steps, steps.length + 1);
        longer[steps.length] = step;
        return longer;
    }
}
