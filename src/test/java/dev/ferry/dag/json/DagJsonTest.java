package dev.ferry.dag.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborFloat;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborLink;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.CborValue.CborText;
import dev.ferry.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dag-json: the forms, floats as JavaScript writes them, and what is refused. */
class DagJsonTest {
    private static String json(CborValue v) {
        return new String(DagJson.encode(v), StandardCharsets.UTF_8);
    }

    private static CborValue read(String s) {
        return DagJson.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void valuesAreWrittenAsTheJavaScriptCodecWritesThem() {
        Cid cid = Cid.parse("bafyreigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        Map<String, CborValue> m = new LinkedHashMap<>();
        m.put("b", CborInteger.of(1));
        m.put("é", new CborBytes(new byte[] {9}));
        m.put("a", new CborLink(cid));
        m.put("B", new CborText("q\"\\\n\u0001\u007f"));
        assertThat(json(new CborMap(m))).isEqualTo("{\"B\":\"q\\\"\\\\\\n\\u0001\u007f\",\"a\":{\"/\":\"" + cid
                + "\"},\"b\":1,\"é\":{\"/\":{\"bytes\":\"CQ\"}}}");
        assertThat(DagJson.formatFloat(0.1)).isEqualTo("0.1");
        assertThat(DagJson.formatFloat(2.0)).isEqualTo("2.0");
        assertThat(DagJson.formatFloat(-0.0)).isEqualTo("0.0");
        assertThat(DagJson.formatFloat(1e21)).isEqualTo("1e+21");
        assertThat(DagJson.formatFloat(1e20)).isEqualTo("100000000000000000000.0");
        assertThat(DagJson.formatFloat(1.2345e-7)).isEqualTo("1.2345e-7");
        assertThat(DagJson.formatFloat(0.000001)).isEqualTo("0.000001");
        assertThat(DagJson.formatFloat(5e-324)).isEqualTo("5e-324");
        assertThat(DagJson.formatFloat(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
        assertThat(DagJson.formatFloat(12345678.9)).isEqualTo("12345678.9");
        assertThatThrownBy(() -> DagJson.formatFloat(Double.NaN)).isInstanceOf(DagJsonException.class);
    }

    @Test
    void readingTakesTheFormsAndRefusesWhatIsNotDagJson() {
        assertThat(read(" {\"/\" : \"bafyreigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi\"} "))
                .isInstanceOf(CborLink.class);
        assertThat(read("{\"/\":{\"bytes\":\"AAEC\"}}")).isEqualTo(new CborBytes(new byte[] {0, 1, 2}));
        assertThat(read("1.0")).isEqualTo(new CborFloat(1.0));
        assertThat(read("-18446744073709551616")).isInstanceOf(CborInteger.class);
        assertThat(read("\"\\ud83d\\ude80\"")).isEqualTo(new CborText("🚀"));
        assertThat(read("{\"/\":1,\"x\":2}")).isInstanceOf(CborMap.class); // "/" among others: a plain map
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\":1,\"a\":2}", "01", "1.", ".5", "1e", "+1",
                "NaN", "Infinity", "1e999", "18446744073709551616", "\"\\ud800\"", "\"a\nb\"", "\"\\x\"",
                "{\"/\":\"notacid\"}", "{\"/\":{\"bytes\":\"AA==\"}}", "{\"/\":{\"bytes\":\"!!\"}}",
                "{\"/\":{\"bytes\":\"AA\",\"x\":1}}", "{\"/\":5}", "true false", "[" .repeat(300) + "]".repeat(300),
                "{a:1}", "'a'", "nul"}) {
            assertThatThrownBy(() -> read(bad)).as(bad).isInstanceOf(DagJsonException.class);
        }
        assertThatThrownBy(() -> DagJson.decode(new byte[] {'"', (byte) 0xff, '"'}))
                .isInstanceOf(DagJsonException.class).hasMessageContaining("UTF-8");
    }
}
