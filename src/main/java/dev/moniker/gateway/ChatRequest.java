package dev.moniker.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moniker.wire.GatewayError;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;

/**
 * A parsed, checked OpenAI chat-completions request. Only what the gateway needs is interpreted ({@code model},
 * {@code stream}, the presence of {@code messages}); every other field travels to the provider untouched.
 *
 * <p>The request is read with one streaming pass (no tree): the pass validates the whole document exactly as a
 * tree parse would, and records where the top-level {@code model} value sits, so {@link #forUpstream} splices the
 * provider's model id into the caller's bytes and everything else reaches the provider byte for byte. A request
 * with a duplicated key (which a tree parse collapses, last value wins) takes the tree path instead, so what the
 * provider receives means the same either way.
 */
public final class ChatRequest {

    private static final byte[] MODEL_MEMBER = "\"model\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final byte[] raw;
    /** Offsets into {@link #raw}: the top-level model value [start, end), or -1; the root's closing brace. */
    private final int modelStart;
    private final int modelEnd;
    private final int rootClose;
    private final boolean rootHasMembers;
    /** Only for requests with duplicated keys: the collapsed tree that is re-serialized. */
    private final ObjectNode tree;
    private final ObjectMapper mapper;
    private final String model;
    private final boolean stream;
    /** The tree, once {@link #body()} was asked for it. */
    private ObjectNode parsed;

    private ChatRequest(byte[] raw, int modelStart, int modelEnd, int rootClose, boolean rootHasMembers,
                        ObjectNode tree, ObjectMapper mapper, String model, boolean stream) {
        this.raw = raw;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.rootClose = rootClose;
        this.rootHasMembers = rootHasMembers;
        this.tree = tree;
        this.mapper = mapper;
        this.model = model;
        this.stream = stream;
    }

    /** The requested model, or {@code null} when absent (the default model is used). */
    public String model() {
        return model;
    }

    /** Whether the caller asked for Server-Sent Events ({@code "stream": true}). */
    public boolean stream() {
        return stream;
    }

    /**
     * The request as sent, {@code model} still the caller's, as a tree, for the code that needs one (translation to
     * another API, sticky routing by {@code user}). Parsed on first use and shared: callers must not modify it.
     */
    public ObjectNode body() {
        if (parsed == null) {
            try {
                parsed = tree != null ? tree : (ObjectNode) mapper.readTree(raw);
            } catch (IOException e) {
                throw new IllegalStateException("a request that parsed once no longer parses", e);
            }
        }
        return parsed;
    }

    /** Thrown for a request the gateway refuses before any upstream call. */
    public static final class Rejected extends RuntimeException {
        private final GatewayError error;

        Rejected(GatewayError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        public GatewayError error() {
            return error;
        }
    }

    /** What the streaming pass learned about a top-level member. */
    private enum Kind { ABSENT, NULL, STRING, ARRAY_EMPTY, ARRAY_NON_EMPTY, BOOLEAN_TRUE, BOOLEAN_FALSE, OTHER }

    public static ChatRequest parse(ObjectMapper mapper, byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new Rejected(GatewayError.invalidRequest(null, "The request body is empty; expected a JSON object"));
        }
        Kind messages = Kind.ABSENT;
        Kind modelKind = Kind.ABSENT;
        Kind streamKind = Kind.ABSENT;
        String modelName = null;
        int modelStart = -1;
        int modelEnd = -1;
        int rootClose = -1;
        boolean rootHasMembers = false;
        boolean isObject;
        try (JsonParser parser = mapper.getFactory().createParser(raw)) {
            // Duplicate detection makes the pass fail on a repeated key; such a request takes the tree path below.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Rejected(GatewayError.invalidRequest(null, "The request body must be a JSON object"));
            }
            isObject = first == JsonToken.START_OBJECT;
            if (!isObject) {
                consume(parser, first); // still report invalid JSON as such, as a tree parse would
            } else {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                    if (token == null) {
                        throw new Rejected(GatewayError.invalidRequest(null, "The request body is not valid JSON"));
                    }
                    rootHasMembers = true;
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (name) {
                        case "model" -> {
                            if (value == JsonToken.VALUE_STRING) {
                                modelKind = Kind.STRING;
                                modelStart = (int) parser.currentTokenLocation().getByteOffset();
                                modelName = parser.getText();
                                modelEnd = (int) parser.currentLocation().getByteOffset();
                            } else if (value == JsonToken.VALUE_NULL) {
                                modelKind = Kind.NULL;
                                modelStart = (int) parser.currentTokenLocation().getByteOffset();
                                modelEnd = (int) parser.currentLocation().getByteOffset();
                            } else {
                                modelKind = Kind.OTHER;
                                consume(parser, value);
                            }
                        }
                        case "stream" -> {
                            streamKind = switch (value) {
                                case VALUE_TRUE -> Kind.BOOLEAN_TRUE;
                                case VALUE_FALSE -> Kind.BOOLEAN_FALSE;
                                case VALUE_NULL -> Kind.NULL;
                                default -> Kind.OTHER;
                            };
                            consume(parser, value);
                        }
                        case "messages" -> {
                            if (value == JsonToken.START_ARRAY) {
                                JsonToken element = parser.nextToken();
                                messages = element == JsonToken.END_ARRAY ? Kind.ARRAY_EMPTY : Kind.ARRAY_NON_EMPTY;
                                if (element != JsonToken.END_ARRAY) {
                                    consume(parser, element);
                                    consumeRest(parser);
                                }
                            } else {
                                messages = value == JsonToken.VALUE_NULL ? Kind.NULL : Kind.OTHER;
                                consume(parser, value);
                            }
                        }
                        default -> consume(parser, value);
                    }
                }
                rootClose = (int) parser.currentTokenLocation().getByteOffset();
            }
        } catch (Rejected rejected) {
            throw rejected;
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                return parseTree(mapper, raw);
            }
            throw new Rejected(GatewayError.invalidRequest(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Rejected(GatewayError.invalidRequest(null, "The request body could not be read"));
        }
        if (!isObject) {
            throw new Rejected(GatewayError.invalidRequest(null, "The request body must be a JSON object"));
        }
        check(messages, modelKind, modelName, streamKind);
        if (!spliceable(raw, modelKind, modelStart, modelEnd, rootClose)) {
            return parseTree(mapper, raw); // offsets not where expected: never splice blind
        }
        return new ChatRequest(raw, modelStart, modelEnd, rootClose, rootHasMembers, null, mapper, modelName,
                streamKind == Kind.BOOLEAN_TRUE);
    }

    /** The recorded offsets point at a string or null literal and at the root's closing brace. */
    private static boolean spliceable(byte[] raw, Kind model, int start, int end, int close) {
        if (close < 0 || close >= raw.length || raw[close] != '}') {
            return false;
        }
        return switch (model) {
            case STRING -> start >= 0 && end - start >= 2 && end <= close && raw[start] == '"' && raw[end - 1] == '"';
            case NULL -> start >= 0 && end - start == 4 && end <= close && raw[start] == 'n' && raw[end - 1] == 'l';
            default -> true;
        };
    }

    /** The same checks, in the same order, for both paths. */
    private static void check(Kind messages, Kind model, String modelName, Kind stream) {
        if (messages == Kind.ABSENT || messages == Kind.NULL) {
            throw new Rejected(GatewayError.invalidRequest("messages", "Missing required parameter: 'messages'"));
        }
        if (messages != Kind.ARRAY_NON_EMPTY) {
            throw new Rejected(GatewayError.invalidRequest("messages",
                    "Invalid 'messages': expected a non-empty array of messages"));
        }
        if (model == Kind.OTHER || (model == Kind.STRING && modelName.isBlank())) {
            throw new Rejected(GatewayError.invalidRequest("model", "Invalid 'model': expected a model name"));
        }
        if (stream == Kind.OTHER) {
            throw new Rejected(GatewayError.invalidRequest("stream", "Invalid 'stream': expected a boolean"));
        }
    }

    /** Reads the value that starts at {@code token} to its end, decoding strings so that bad ones fail here. */
    private static void consume(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            consumeRest(parser);
        } else if (token == JsonToken.VALUE_STRING) {
            parser.getTextLength();
        }
    }

    /** Reads to the end of the container the parser is in (depth counted from its start token). */
    private static void consumeRest(JsonParser parser) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return; // the caller's next read reports the truncated document
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_STRING -> parser.getTextLength();
                default -> {
                }
            }
        }
    }

    /** The former, tree-based reading; kept for requests with duplicated keys. */
    private static ChatRequest parseTree(ObjectMapper mapper, byte[] raw) {
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new Rejected(GatewayError.invalidRequest(null,
                    "The request body is not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new Rejected(GatewayError.invalidRequest(null, "The request body could not be read"));
        }
        if (!(node instanceof ObjectNode body)) {
            throw new Rejected(GatewayError.invalidRequest(null, "The request body must be a JSON object"));
        }
        JsonNode messages = body.get("messages");
        Kind messagesKind = messages == null ? Kind.ABSENT : messages.isNull() ? Kind.NULL
                : !messages.isArray() ? Kind.OTHER : messages.isEmpty() ? Kind.ARRAY_EMPTY : Kind.ARRAY_NON_EMPTY;
        JsonNode model = body.get("model");
        Kind modelKind = model == null ? Kind.ABSENT : model.isNull() ? Kind.NULL
                : model.isTextual() ? Kind.STRING : Kind.OTHER;
        String modelName = modelKind == Kind.STRING ? model.asText() : null;
        JsonNode stream = body.get("stream");
        Kind streamKind = stream == null ? Kind.ABSENT : stream.isNull() ? Kind.NULL
                : !stream.isBoolean() ? Kind.OTHER : stream.asBoolean() ? Kind.BOOLEAN_TRUE : Kind.BOOLEAN_FALSE;
        check(messagesKind, modelKind, modelName, streamKind);
        return new ChatRequest(raw, -1, -1, -1, false, body, mapper, modelName, streamKind == Kind.BOOLEAN_TRUE);
    }

    /**
     * The body to send upstream: the caller's request with {@code model} replaced by the provider's model id (or
     * added, when absent, as the last member). Pure: a fallback attempt can call this again with another id.
     */
    public Buffer forUpstream(String upstreamModel) {
        byte[] quoted = quote(upstreamModel);
        if (tree != null) {
            ObjectNode copy = tree.deepCopy();
            copy.put("model", upstreamModel);
            return Buffer.buffer(copy.toString());
        }
        if (modelStart >= 0) {
            Buffer out = Buffer.buffer(rootClose + 1 - (modelEnd - modelStart) + quoted.length);
            out.appendBytes(raw, 0, modelStart).appendBytes(quoted).appendBytes(raw, modelEnd, rootClose + 1 - modelEnd);
            return out;
        }
        Buffer out = Buffer.buffer(rootClose + 2 + MODEL_MEMBER.length + quoted.length);
        out.appendBytes(raw, 0, rootClose);
        if (rootHasMembers) {
            out.appendByte((byte) ',');
        }
        return out.appendBytes(MODEL_MEMBER).appendBytes(quoted).appendByte((byte) '}');
    }

    private static byte[] quote(String value) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return quoted;
    }
}
