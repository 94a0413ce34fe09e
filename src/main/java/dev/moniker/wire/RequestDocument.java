package dev.moniker.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A caller's JSON request body (chat completions, messages, responses, embeddings...: each an object with
 * {@code model}, {@code stream} and a content member such as {@code messages} or {@code input}), read once. Only
 * those three members are interpreted; every other field travels to the provider untouched.
 *
 * <p>The body is read with one streaming pass (no tree): the pass validates the whole document exactly as a tree
 * parse would, and records where the top-level {@code model} value sits, so {@link #withModel} splices the
 * provider's model id into the caller's bytes and everything else reaches the provider byte for byte. A body with a
 * duplicated key (which a tree parse collapses, last value wins) takes the tree path instead, so what the provider
 * receives means the same either way. The tree, when something needs one (translation, a request stage, sticky
 * routing by user), is parsed on first use.
 */
public final class RequestDocument {

    private static final byte[] MODEL_MEMBER = "\"model\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM_USAGE_MEMBER = ",\"stream_options\":{\"include_usage\":true}}"
            .getBytes(StandardCharsets.UTF_8);

    /** What the streaming pass learned about a top-level member. */
    public enum Kind { ABSENT, NULL, STRING, ARRAY_EMPTY, ARRAY_NON_EMPTY, BOOLEAN_TRUE, BOOLEAN_FALSE, OTHER }

    /**
     * The members the gateway checks, for the ingress format to judge in its own words.
     *
     * @param content   the operation's content member ({@code messages}, {@code input}, {@code prompt})
     * @param modelName the model, when {@code model} is a string
     */
    public record Shape(Kind content, Kind model, String modelName, Kind stream) {
    }

    /** The body is not a JSON object; {@code detail} is the parser's reason, when there is one. */
    public static final class Malformed extends RuntimeException {
        private final String detail;

        Malformed(String message, String detail) {
            super(message, null, false, false);
            this.detail = detail;
        }

        /** The parser's reason, or {@code null}. */
        public String detail() {
            return detail;
        }
    }

    private final byte[] raw;
    /** Where {@link #raw}'s model value and closing brace are; written by the pass only, read-only after it. */
    private final Splice splice;
    /** Whether the root has a {@code stream_options} member (only known for a raw body; a tree is asked). */
    private final boolean streamOptions;
    /** Only for bodies with duplicated keys, or rewritten by a stage: the tree that is serialized. */
    private final ObjectNode tree;
    private final ObjectMapper mapper;
    private final Shape shape;
    /** The tree, once {@link #tree()} was asked for it. */
    private ObjectNode parsed;

    private RequestDocument(byte[] raw, Splice splice, ObjectNode tree, ObjectMapper mapper, Shape shape,
                            boolean streamOptions) {
        this.raw = raw;
        this.streamOptions = streamOptions;
        this.splice = splice;
        this.tree = tree;
        this.mapper = mapper;
        this.shape = shape;
    }

    /** Reads a chat request body; throws {@link Malformed} when it is not one JSON object. */
    public static RequestDocument parse(ObjectMapper mapper, byte[] raw) {
        return parse(mapper, raw, "messages");
    }

    /**
     * Reads a body whose content is in {@code contentMember}; throws {@link Malformed} when it is not one JSON
     * object.
     */
    public static RequestDocument parse(ObjectMapper mapper, byte[] raw, String contentMember) {
        if (raw == null || raw.length == 0) {
            throw new Malformed("The request body is empty; expected a JSON object", null);
        }
        int invalid = Utf8.firstInvalid(raw);
        if (invalid >= 0) {
            throw new Malformed("The request body is not valid UTF-8", "invalid byte sequence at byte offset " + invalid);
        }
        Pass pass = new Pass(contentMember);
        try (JsonParser parser = mapper.getFactory().createParser(raw)) {
            // Duplicate detection makes the pass fail on a repeated key; such a body takes the tree path below.
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            pass.read(parser);
        } catch (Malformed malformed) {
            throw malformed;
        } catch (JsonProcessingException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
                return ofTree(mapper, readTree(mapper, raw), contentMember);
            }
            throw new Malformed("The request body is not valid JSON", describe(e));
        } catch (IOException e) {
            throw new Malformed("The request body could not be read", null);
        }
        Shape shape = new Shape(pass.content, pass.model, pass.modelName, pass.stream);
        if (!pass.splice.fits(raw, pass.model)) {
            return ofTree(mapper, readTree(mapper, raw), contentMember); // offsets not where expected: never splice blind
        }
        return new RequestDocument(raw, pass.splice, null, mapper, shape, pass.streamOptions);
    }

    /** A document over a tree (a body with duplicated keys, or one a request stage rewrote); the tree is kept. */
    public static RequestDocument ofTree(ObjectMapper mapper, ObjectNode body) {
        return ofTree(mapper, body, "messages");
    }

    /** {@link #ofTree(ObjectMapper, ObjectNode)} for a body whose content is in {@code contentMember}. */
    public static RequestDocument ofTree(ObjectMapper mapper, ObjectNode body, String contentMember) {
        return new RequestDocument(null, Splice.NONE, body, mapper, shapeOf(body, contentMember),
                body.has("stream_options"));
    }

    public Shape shape() {
        return shape;
    }

    /** The requested model, or {@code null} when absent (the default model is used). */
    public String model() {
        return shape.modelName();
    }

    /** Whether the caller asked for Server-Sent Events ({@code "stream": true}). */
    public boolean stream() {
        return shape.stream() == Kind.BOOLEAN_TRUE;
    }

    /**
     * The body as sent, {@code model} still the caller's, as a tree. Parsed on first use and shared: callers must not
     * modify it (a request stage works on a copy and makes a new document with {@link #ofTree}).
     */
    public ObjectNode tree() {
        if (parsed == null) {
            parsed = tree != null ? tree : readTree(mapper, raw);
        }
        return parsed;
    }

    /** A tree the caller owns and may change (a stage's copy): parsed afresh if none was made, cheaper than a copy. */
    public ObjectNode privateTree() {
        ObjectNode made = parsed != null ? parsed : tree;
        return made != null ? made.deepCopy() : readTree(mapper, raw);
    }

    /**
     * The body to send upstream: the caller's with {@code model} replaced by the provider's model id (or added, when
     * absent, as the last member). Pure: a fallback attempt calls this again with another id.
     */
    public Buffer withModel(String upstreamModel) {
        if (tree != null) {
            ObjectNode copy = tree.deepCopy();
            copy.put("model", upstreamModel);
            return Buffer.buffer(copy.toString());
        }
        byte[] quoted = quote(upstreamModel);
        if (splice.modelStart >= 0) {
            int start = splice.modelStart;
            int end = splice.modelEnd;
            int close = splice.rootClose;
            return Buffer.buffer(close + 1 - (end - start) + quoted.length).appendBytes(raw, 0, start)
                    .appendBytes(quoted).appendBytes(raw, end, close + 1 - end);
        }
        Buffer out = Buffer.buffer(splice.rootClose + 2 + MODEL_MEMBER.length + quoted.length);
        out.appendBytes(raw, 0, splice.rootClose);
        if (splice.rootHasMembers) {
            out.appendByte((byte) ',');
        }
        return out.appendBytes(MODEL_MEMBER).appendBytes(quoted).appendByte((byte) '}');
    }

    /** Whether the caller said anything about stream options (then the gateway does not add its own). */
    public boolean namesStreamOptions() {
        return streamOptions;
    }

    /** {@link #withModel} plus {@code stream_options.include_usage}, for a stream without stream options. */
    public Buffer withModelAndStreamUsage(String upstreamModel) {
        Buffer body = withModel(upstreamModel);
        return Buffer.buffer(body.length() + STREAM_USAGE_MEMBER.length).appendBuffer(body, 0, body.length() - 1)
                .appendBytes(STREAM_USAGE_MEMBER);
    }

    /** Where the model value and the root's closing brace sit in the raw bytes. */
    private static final class Splice {
        static final Splice NONE = new Splice();
        int modelStart = -1;
        int modelEnd = -1;
        int rootClose = -1;
        boolean rootHasMembers;

        /** The recorded offsets point at a string or null literal and at the root's closing brace. */
        boolean fits(byte[] raw, Kind model) {
            if (rootClose < 0 || rootClose >= raw.length || raw[rootClose] != '}') {
                return false;
            }
            int start = modelStart;
            int end = modelEnd;
            return switch (model) {
                case STRING -> start >= 0 && end - start >= 2 && end <= rootClose && raw[start] == '"'
                        && raw[end - 1] == '"';
                case NULL -> start >= 0 && end - start == 4 && end <= rootClose && raw[start] == 'n'
                        && raw[end - 1] == 'l';
                default -> true;
            };
        }
    }

    /** The one streaming pass over the body. */
    private static final class Pass {
        final Splice splice = new Splice();
        final String contentMember;
        Kind content = Kind.ABSENT;
        Kind model = Kind.ABSENT;
        Kind stream = Kind.ABSENT;
        boolean streamOptions;
        String modelName;

        Pass(String contentMember) {
            this.contentMember = contentMember;
        }

        void read(JsonParser parser) throws IOException {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Malformed("The request body must be a JSON object", null);
            }
            if (first != JsonToken.START_OBJECT) {
                consume(parser, first); // still report invalid JSON as such, as a tree parse would
                throw new Malformed("The request body must be a JSON object", null);
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_OBJECT) {
                if (token == null) {
                    throw new Malformed("The request body is not valid JSON", "unexpected end of input");
                }
                splice.rootHasMembers = true;
                String name = parser.currentName();
                member(parser, name, parser.nextToken());
            }
            splice.rootClose = (int) parser.currentTokenLocation().getByteOffset();
        }

        private void member(JsonParser parser, String name, JsonToken value) throws IOException {
            switch (name) {
                case "model" -> model(parser, value);
                case "stream" -> {
                    stream = kindOf(value);
                    consume(parser, value);
                }
                case "stream_options" -> {
                    streamOptions = true;
                    consume(parser, value);
                }
                default -> {
                    if (name.equals(contentMember)) {
                        content(parser, value);
                    } else {
                        consume(parser, value);
                    }
                }
            }
        }

        private void content(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.START_ARRAY) {
                JsonToken element = parser.nextToken();
                content = element == JsonToken.END_ARRAY ? Kind.ARRAY_EMPTY : Kind.ARRAY_NON_EMPTY;
                if (element != JsonToken.END_ARRAY) {
                    consume(parser, element);
                    consumeRest(parser);
                }
            } else {
                content = value == JsonToken.VALUE_NULL ? Kind.NULL
                        : value == JsonToken.VALUE_STRING ? Kind.STRING : Kind.OTHER;
                consume(parser, value);
            }
        }

        private void model(JsonParser parser, JsonToken value) throws IOException {
            if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL) {
                model = value == JsonToken.VALUE_STRING ? Kind.STRING : Kind.NULL;
                splice.modelStart = (int) parser.currentTokenLocation().getByteOffset();
                modelName = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                splice.modelEnd = (int) parser.currentLocation().getByteOffset();
            } else {
                model = Kind.OTHER;
                consume(parser, value);
            }
        }

        private static Kind kindOf(JsonToken value) {
            return switch (value) {
                case VALUE_TRUE -> Kind.BOOLEAN_TRUE;
                case VALUE_FALSE -> Kind.BOOLEAN_FALSE;
                case VALUE_NULL -> Kind.NULL;
                default -> Kind.OTHER;
            };
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

    private static ObjectNode readTree(ObjectMapper mapper, byte[] raw) {
        JsonNode node;
        try {
            node = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new Malformed("The request body is not valid JSON", describe(e));
        } catch (IOException e) {
            throw new Malformed("The request body could not be read", null);
        }
        if (!(node instanceof ObjectNode body)) {
            throw new Malformed("The request body must be a JSON object", null);
        }
        return body;
    }

    /**
     * What is wrong and where, in the parser's words but without its internals (source descriptions, feature
     * names, character codes): {@code Unexpected character ('}'): was expecting double-quote to start field name, at
     * line 1, column 15}.
     */
    static String describe(JsonProcessingException e) {
        String reason = String.valueOf(e.getOriginalMessage()).split("\n", 2)[0]
                .replaceAll(" \\(code \\d+\\)", "")
                .replaceAll("\\s*\\([^)]*(?:Feature|Source|REDACTED)[^)]*\\)", "")
                .replaceAll("\\s*(?:at )?\\[Source:.*$", "")
                .trim();
        var location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? reason
                : reason + ", at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Shape shapeOf(ObjectNode body, String contentMember) {
        JsonNode content = body.get(contentMember);
        Kind contentKind = content == null ? Kind.ABSENT : content.isNull() ? Kind.NULL : content.isTextual()
                ? Kind.STRING : !content.isArray() ? Kind.OTHER : content.isEmpty() ? Kind.ARRAY_EMPTY
                : Kind.ARRAY_NON_EMPTY;
        JsonNode model = body.get("model");
        Kind modelKind = model == null ? Kind.ABSENT : model.isNull() ? Kind.NULL
                : model.isTextual() ? Kind.STRING : Kind.OTHER;
        JsonNode stream = body.get("stream");
        Kind streamKind = stream == null ? Kind.ABSENT : stream.isNull() ? Kind.NULL
                : !stream.isBoolean() ? Kind.OTHER : stream.asBoolean() ? Kind.BOOLEAN_TRUE : Kind.BOOLEAN_FALSE;
        return new Shape(contentKind, modelKind, modelKind == Kind.STRING ? model.asText() : null, streamKind);
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
