package dev.ferry.dag.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.testing.NodeJs;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * dag-json against {@code @ipld/dag-json} and {@code @ipld/dag-cbor} from npm: every sample the JavaScript codecs
 * write (integers to 2^64, floats in every notation, escapes, unicode, bytes, links, sorted keys) reads in ferry and
 * writes back to the same bytes, in dag-json and in dag-cbor; and over a thousand doubles of every magnitude are
 * written as JavaScript writes them.
 */
@Tag("interop")
class DagJsonInteropTest {
    @Test
    void ferryWritesWhatTheJavaScriptCodecsWrite() throws Exception {
        String out = NodeJs.run(Duration.ofSeconds(60), new byte[0], "dagjson/samples.mjs");
        ObjectMapper json = new ObjectMapper();
        int n = 0;
        int floats = 0;
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode s = json.readTree(line);
            if (s.has("bits")) {
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(s.get("bits").asText(), 16));
                assertThat(DagJson.formatFloat(d)).as(s.get("bits").asText()).isEqualTo(s.get("text").asText());
                floats++;
                continue;
            }
            byte[] jsJson = Base64.getDecoder().decode(s.get("json").asText());
            byte[] jsCbor = Base64.getDecoder().decode(s.get("cbor").asText());
            CborValue v = DagJson.decode(jsJson);
            assertThat(DagJson.encode(v)).as(new String(jsJson)).isEqualTo(jsJson);
            assertThat(DagCbor.encode(v)).as(new String(jsJson)).isEqualTo(jsCbor);
            assertThat(DagCbor.decode(jsCbor)).isEqualTo(v);
            n++;
        }
        assertThat(n).isEqualTo(40);
        assertThat(floats).isGreaterThan(1000);
    }
}
