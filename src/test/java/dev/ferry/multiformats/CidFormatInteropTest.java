package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ferry's {@code cid format -v 1 -b BASE} (and {@code -v 0}) give, for CIDs of several codecs and hash functions
 * written in several bases, the text the npm multiformats package gives.
 */
@Tag("interop")
@Timeout(120)
class CidFormatInteropTest {
    @TempDir
    Path tmp;

    private static List<String> inputs() {
        byte[] data = "interop".getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        out.add("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        out.add(Cid.of(1, Multicodec.RAW.code(), data).toString());
        out.add(Cid.of(1, Multicodec.DAG_CBOR.code(), data).toString(Multibase.BASE36));
        out.add(Cid.of(1, Multicodec.DAG_PB.code(), data).toString(Multibase.BASE64_URL));
        out.add(Cid.v1(Multicodec.LIBP2P_KEY.code(), Multihash.identity(new byte[36])).toString(Multibase.BASE36));
        out.add(Cid.v1(Multicodec.DAG_JSON.code(), Multihash.of(Multicodec.SHA2_512.code(), new byte[64]))
                .toString(Multibase.BASE16_UPPER));
        out.add(Cid.v1(Multicodec.RAW.code(), Multihash.of(Multicodec.BLAKE2B_256.code(), new byte[32]))
                .toString(Multibase.BASE58BTC));
        out.add(Cid.of(1, Multicodec.DAG_PB.code(), data).toString(Multibase.BASE256_EMOJI));
        return out;
    }

    @Test
    void v1AndV0TextMatchTheJsMultiformats() throws Exception {
        List<String> cids = inputs();
        JsonNode js = new ObjectMapper().readTree(NodeJs.run(Duration.ofSeconds(60), new byte[0],
                "multiformats/cid-tools.mjs", cids.toArray(String[]::new)));
        CliRun cli = new CliRun(tmp.resolve("no-repo"));
        int compared = 0;
        for (Multibase base : Multibase.values()) {
            if (base == Multibase.IDENTITY) {
                continue; // a CID's bytes are no text
            }
            List<String> args = new ArrayList<>(List.of("cid", "format", "-v", "1", "-b", base.baseName()));
            args.addAll(cids);
            CliRun.Result r = cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<String> expected = cids.stream().map(c -> js.get(c).get("v1").get(base.baseName()).asText()).toList();
            assertThat(r.lines()).as(base.baseName()).isEqualTo(expected);
            compared += expected.size();
        }
        for (String c : cids) {
            CliRun.Result r = cli.run("cid", "format", "-v", "0", c);
            JsonNode v0 = js.get(c).get("v0");
            if (v0.isNull()) {
                assertThat(r.exitCode()).as(c).isEqualTo(1);
            } else {
                assertThat(r.stdout()).as(c).isEqualTo(v0.asText() + "\n");
                compared++;
            }
        }
        // three have a v0 form: the v0 itself and the two dag-pb sha2-256 ones
        assertThat(compared).isEqualTo((Multibase.values().length - 1) * cids.size() + 3);
    }
}
