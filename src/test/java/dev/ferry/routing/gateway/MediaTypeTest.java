package dev.ferry.routing.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaTypeTest {
    @Test
    void carContentTypesAsGatewaysSendThem() {
        MediaType t = MediaType.parse("application/vnd.ipld.car; version=1; order=dfs; dups=n");
        assertThat(t.is("application/vnd.ipld.car")).isTrue();
        assertThat(t.parameters()).containsExactly(Map.entry("version", "1"), Map.entry("order", "dfs"),
                Map.entry("dups", "n"));
        assertThat(MediaType.parse("application/vnd.ipld.car;version=1;order=dfs;dups=n")).isEqualTo(t);
        assertThat(t.format()).isEqualTo("application/vnd.ipld.car;version=1;order=dfs;dups=n");
        assertThat(MediaType.parse("APPLICATION/VND.IPLD.RAW").essence()).isEqualTo("application/vnd.ipld.raw");
        assertThat(MediaType.parse("Application/Vnd.Ipld.Car; VERSION=1").parameter("version")).contains("1");
    }

    @Test
    void quotedValuesAndEmptyParameters() {
        MediaType t = MediaType.parse("text/plain ; charset=\"utf-8\" ;; x=\"a \\\"b\\\" \\\\ c\";");
        assertThat(t.parameter("charset")).contains("utf-8");
        assertThat(t.parameter("x")).contains("a \"b\" \\ c");
        assertThat(t.format()).isEqualTo("text/plain;charset=utf-8;x=\"a \\\"b\\\" \\\\ c\"");
        assertThat(MediaType.parse("a/b; q=\"\"").parameter("q")).contains("");
    }

    @Test
    void malformedValuesAreRefused() {
        for (String bad : List.of("", " ", "application", "application/", "/car", "a/b c", "a/b;x", "a/b;x=",
                "a/b;=1", "a/b;x=\"open", "a/b;x=\"\\", "a/b;x=1;x=2", "a/b;x=1 2", "a/b,c/d", "a@/b",
                "a/b;x=\"\u0001\"", "a/b;x=\u00e9")) {
            assertThatThrownBy(() -> MediaType.parse(bad)).as(bad).isInstanceOf(MediaTypeException.class);
        }
        assertThatThrownBy(() -> MediaType.parse("a/" + "b".repeat(MediaType.MAX_LENGTH)))
                .isInstanceOf(MediaTypeException.class).hasMessageContaining("longer");
        StringBuilder many = new StringBuilder("a/b");
        for (int i = 0; i <= MediaType.MAX_PARAMETERS; i++) {
            many.append(";p").append(i).append("=1");
        }
        assertThatThrownBy(() -> MediaType.parse(many.toString())).isInstanceOf(MediaTypeException.class)
                .hasMessageContaining("parameters");
    }
}
