package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.testing.JsonTrees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Json#pretty} writes what an {@code ObjectMapper} with {@code INDENT_OUTPUT} writes, character for character. */
class JsonProperties {
    private static final ObjectMapper ORACLE = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Property(tries = 300)
    void treesAsTheMapperWritesThem(@ForAll("trees") JsonNode tree) throws Exception {
        assertThat(Json.pretty(tree)).isEqualTo(ORACLE.writeValueAsString(tree));
    }

    @Property(tries = 300)
    void plainJavaValuesAsTheMapperWritesThem(@ForAll("trees") JsonNode tree) throws Exception {
        // maps, lists, strings, Integer/Long/BigInteger/Double, booleans and nulls, as the commands build them
        Object value = ORACLE.convertValue(tree, Object.class);
        assertThat(Json.pretty(value)).isEqualTo(ORACLE.writeValueAsString(value));
    }

    @Example
    void whatIdPrints() throws Exception {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("ID", "12D3KooWExample");
        id.put("Addresses", List.of("/ip4/0.0.0.0/tcp/4001/p2p/12D3KooWExample"));
        id.put("Empty", List.of());
        id.put("Trust", Map.of("did:key:z6Mk", 7));
        id.put("Nothing", null);
        assertThat(Json.pretty(id)).isEqualTo(ORACLE.writeValueAsString(id)).contains("\"Empty\" : [ ]");
    }

    @Example
    void valuesWithNoJsonFormAreRefused() {
        assertThatThrownBy(() -> Json.pretty(Map.of("x", new Object()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.pretty(JsonNodeFactory.instance.pojoNode(new Object())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return JsonTrees.arbitrary(3);
    }
}
