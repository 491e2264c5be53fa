package dev.ferry.node.repo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one JSON document into Jackson's tree nodes with the streaming parser alone. Every command reads the
 * repository's config (or a running daemon's JSON answers), and an {@code ObjectMapper} costs a fresh JVM about 100 ms
 * to build and to read its first tree (measured: 70 ms the constructor, 29 ms the first {@code readTree}), against well under 1 ms here. The tree is
 * the one {@code ObjectMapper.readTree} gives (ints as int, long or big-integer nodes by size, other numbers as
 * doubles, a repeated key keeps its last value), except that content after the document is an error, as is an empty
 * document. Depth and sizes are bounded by the parser's own read constraints.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTree() {}

    /** The document's tree; {@link JsonParseException} (with the parser's location) when it is not one JSON value. */
    public static JsonNode read(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return document(p);
        }
    }

    /** The stream's one document (UTF-8, or as its first bytes tell), read to its end; the stream is closed after. */
    public static JsonNode read(InputStream json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return document(p);
        }
    }

    private static JsonNode document(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new JsonParseException(p, "no content");
        }
        JsonNode root = value(p, first);
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "content after the end of the JSON value");
        }
        return root;
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new JsonParseException(p, "unexpected end of content");
        }
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected " + t);
        };
    }

    // recursion depth is the document's nesting, which the parser caps (StreamReadConstraints, 1000 by default)
    private static ObjectNode object(JsonParser p) throws IOException {
        ObjectNode obj = NODES.objectNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            obj.set(name, value(p, p.nextToken()));
        }
        return obj;
    }

    private static ArrayNode array(JsonParser p) throws IOException {
        ArrayNode arr = NODES.arrayNode();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            arr.add(value(p, t));
        }
        return arr;
    }
}
