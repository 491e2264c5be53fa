package dev.ferry.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** Loads the identity vector files under src/test/resources/vectors/identity. */
final class SpecVectors {
    static final HexFormat HEX = HexFormat.of();

    private SpecVectors() {}

    static JsonNode load(String name) {
        try (InputStream in = SpecVectors.class.getResourceAsStream("/vectors/identity/" + name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode n, String field) {
        return HEX.parseHex(n.get(field).asText());
    }
}
