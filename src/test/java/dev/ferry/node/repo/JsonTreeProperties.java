package dev.ferry.node.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.ferry.testing.JsonTrees;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link JsonTree} against Jackson's own {@code ObjectMapper.readTree} (made strict about content after the value):
 * the same tree for every document the mapper writes, and for any mangling of one either the same tree or an
 * {@link IOException}, nothing else.
 */
class JsonTreeProperties {
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper ORACLE = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    @Property(tries = 300)
    void readsWhatTheMapperWrote(@ForAll("trees") JsonNode tree, @ForAll boolean pretty) throws IOException {
        String json = (pretty ? PRETTY : COMPACT).writeValueAsString(tree);
        assertThat(JsonTree.read(json)).isEqualTo(ORACLE.readTree(json));
        assertThat(JsonTree.read(new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo(ORACLE.readTree(json));
    }

    @Property(tries = 500)
    void mangledDocumentsReadAsTheMapperReadsThemOrFailWithIoException(
            @ForAll("trees") JsonNode tree, @ForAll("edits") List<int[]> edits) throws IOException {
        StringBuilder sb = new StringBuilder(COMPACT.writeValueAsString(tree));
        String alphabet = "{}[],:\"\\ 0123456789.eE+-truefalsn\u00e9\u0000";
        for (int[] e : edits) {
            int at = sb.isEmpty() ? 0 : Math.floorMod(e[1], sb.length() + 1);
            switch (e[0]) {
                case 0 -> sb.setLength(at);                                         // truncate
                case 1 -> sb.insert(at, alphabet.charAt(Math.floorMod(e[2], alphabet.length())));
                default -> { if (at < sb.length()) sb.deleteCharAt(at); }           // delete one char
            }
        }
        String json = sb.toString();
        JsonNode expected;
        try {
            expected = ORACLE.readTree(json);
            if (expected != null && expected.isMissingNode()) {
                expected = null;
            }
        } catch (JsonProcessingException e) {
            expected = null;
        }
        if (expected == null) {
            assertThatThrownBy(() -> JsonTree.read(json)).isInstanceOf(IOException.class);
        } else {
            assertThat(JsonTree.read(json)).isEqualTo(expected);
        }
    }

    @Example
    void contentAfterTheValueAndEmptyDocumentsAreErrors() {
        assertThatThrownBy(() -> JsonTree.read("{\"a\": 1} {")).isInstanceOf(IOException.class).hasMessageContaining("content after");
        assertThatThrownBy(() -> JsonTree.read("   ")).isInstanceOf(IOException.class).hasMessageContaining("no content");
        assertThatThrownBy(() -> RepoConfig.parse("{\"Import\": {}} x")).isInstanceOf(RepoException.class)
                .hasMessageStartingWith("config is not valid JSON");
        assertThatThrownBy(() -> RepoConfig.parseValue("", true)).isInstanceOf(RepoException.class)
                .hasMessageStartingWith("value is not valid JSON");
    }

    @Example
    void deepNestingIsRefusedByTheParserNotByTheStack() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> JsonTree.read(deep)).isInstanceOf(IOException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> RepoConfig.parse(deep)).isInstanceOf(RepoException.class);
    }

    @Example
    void numbersKeepTheMappersNodeTypes() throws IOException {
        JsonNode n = JsonTree.read("[1, 4294967296, 123456789012345678901234567890, 1.5, -0, 1e3, true, null, \"x\"]");
        assertThat(n).isEqualTo(ORACLE.readTree("[1, 4294967296, 123456789012345678901234567890, 1.5, -0, 1e3, true, null, \"x\"]"));
        assertThat(n.get(0)).isInstanceOf(IntNode.class);
        assertThat(n.get(1)).isInstanceOf(LongNode.class);
        assertThat(n.get(2)).isInstanceOf(BigIntegerNode.class);
        assertThat(n.get(3)).isInstanceOf(DoubleNode.class);
    }

    @Example
    void aConfigSurvivesItsOwnRoundTrip() {
        RepoConfig cfg = RepoConfig.defaults("12D3KooWExample");
        cfg.set("Peering.Peers", JsonNodeFactory.instance.arrayNode().add("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWExample"));
        RepoConfig back = RepoConfig.parse(cfg.toJson());
        // the defaults hold a long that reads back as an int node (as with the mapper): compare text, then trees
        assertThat(RepoConfig.parse(back.toJson()).tree()).isEqualTo(back.tree());
        assertThat(back.toJson()).isEqualTo(cfg.toJson());
        assertThat(back.number("Datastore.GroupCommitBytes", 0)).isEqualTo(64L << 20);
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return JsonTrees.arbitrary(3);
    }

    @Provide
    Arbitrary<List<int[]>> edits() {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers(), Arbitraries.integers())
                .as((kind, at, ch) -> new int[] {kind, at, ch});
        return edit.list().ofMinSize(1).ofMaxSize(3);
    }
}
