package dev.moniker.wire.view;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;

/**
 * Finds one string value in a JSON text by its path, with one streaming pass and no tree, and splices a new value in
 * its place: how a stream stage reads and rewrites an event's text without parsing and re-serialising the event.
 */
final class RawJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private RawJson() {
    }

    /**
     * A string found at a path: its decoded value and where its token (quotes included) sits in the text.
     *
     * @param start offset of the opening quote
     * @param end   offset after the closing quote
     */
    record Found(String value, int start, int end) {

        String splice(String json, String replacement) {
            return json.substring(0, start) + '"' + new String(JsonStringEncoder.getInstance()
                    .quoteAsString(replacement)) + '"' + json.substring(end);
        }
    }

    /** The string at {@code path} (field names; array positions as digits), or null when there is none. */
    static Found find(String json, String... path) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return descend(parser, parser.nextToken(), path, 0);
        } catch (IOException e) {
            return null;
        }
    }

    private static Found descend(JsonParser parser, JsonToken token, String[] path, int depth) throws IOException {
        if (token == null) {
            return null;
        }
        if (depth == path.length) {
            if (token != JsonToken.VALUE_STRING) {
                parser.skipChildren();
                return null;
            }
            int start = (int) parser.currentTokenLocation().getCharOffset();
            String value = parser.getText();
            return new Found(value, start, (int) parser.currentLocation().getCharOffset());
        }
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(path[depth])) {
                    Found found = descend(parser, value, path, depth + 1);
                    if (found != null) {
                        return found;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return null;
        }
        if (token == JsonToken.START_ARRAY) {
            int index = 0;
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY && element != null) {
                if (Integer.toString(index).equals(path[depth])) {
                    Found found = descend(parser, element, path, depth + 1);
                    if (found != null) {
                        return found;
                    }
                } else {
                    parser.skipChildren();
                }
                index++;
            }
            return null;
        }
        parser.skipChildren();
        return null;
    }
}
