package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.metrics.ExpositionParser;
import dev.ferry.api.metrics.ExpositionParser.Sample;
import dev.ferry.api.metrics.PrometheusText;
import dev.ferry.net.host.TestHosts;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's /debug/metrics/prometheus read by a Prometheus parser from npm ({@code parse-prometheus-text-format}):
 * every family, type, label and value as ferry meant them.
 */
@Tag("interop")
@Timeout(120)
class MetricsInteropTest {
    @TempDir
    Path tmp;

    /** The families as the npm parser read them: name to (type, samples). */
    static Map<String, Map.Entry<String, List<Sample>>> jsParse(String text) throws Exception {
        JsonNode families = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(60),
                text.getBytes(StandardCharsets.UTF_8), "metrics/parse.mjs"));
        Map<String, Map.Entry<String, List<Sample>>> out = new HashMap<>();
        for (JsonNode f : families) {
            List<Sample> samples = new ArrayList<>();
            for (JsonNode m : f.path("metrics")) {
                Map<String, String> labels = new LinkedHashMap<>();
                m.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                String v = m.path("value").asText();
                samples.add(new Sample(f.path("name").asText(), labels, switch (v) {
                    case "NaN" -> Double.NaN;
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(v);
                }));
            }
            out.put(f.path("name").asText(), Map.entry(f.path("type").asText(), samples));
        }
        return out;
    }

    static void assertSameReading(String text) throws Exception {
        List<Sample> ours = ExpositionParser.parse(text);
        Map<String, Map.Entry<String, List<Sample>>> theirs = jsParse(text);
        Map<String, List<Sample>> byName = new LinkedHashMap<>();
        ours.forEach(s -> byName.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s));
        assertThat(theirs.keySet()).isEqualTo(byName.keySet());
        for (var e : byName.entrySet()) {
            String type = text.contains("# TYPE " + e.getKey() + " counter\n") ? "COUNTER" : "GAUGE";
            assertThat(theirs.get(e.getKey()).getKey()).as(e.getKey()).isEqualTo(type);
            assertThat(theirs.get(e.getKey()).getValue()).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void aScrapeReadsTheSameInTheNpmParser() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a")); RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            a.node.host().connect(TestHosts.dialable(b.node.host()));
            String text = MetricsEndpointTest.get(a, "GET").body();
            assertThat(text).contains("ferry_swarm_peers 1\n");
            assertSameReading(text);
        }
    }

    @Test
    void escapedLabelsAndSpecialValuesReadTheSame() throws Exception {
        PrometheusText t = new PrometheusText();
        t.family("ferry_edge", PrometheusText.Type.GAUGE, "Help with a \\ backslash\nand a newline.")
                .sample(1, "v", "quote \" backslash \\ newline \n end", "u", "ünïcödé ✓")
                .sample(-2.5e-7, "v", "")
                .sample(Double.NaN, "v", "nan")
                .sample(Double.POSITIVE_INFINITY, "v", "inf");
        t.single("ferry_edge_total", PrometheusText.Type.COUNTER, "A counter.", 1L << 53);
        assertSameReading(t.toString());
    }
}
