package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.PinEntry;
import dev.ferry.store.PinType;
import dev.ferry.testing.NodeJs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 names pins on ferry: {@code add} with {@code pin-name}, {@code pin.add} with {@code name},
 * {@code pin.ls} with {@code names} and {@code name} (the client streams): it parses ferry's answers, and the names
 * are those ferry's pin store holds.
 */
@Tag("interop")
@Timeout(240)
class KuboRpcPinNamesInteropTest {
    @TempDir
    Path tmp;

    private static List<String> lines(JsonNode pins) {
        List<String> out = new ArrayList<>();
        pins.forEach(p -> out.add(p.get("cid").asText() + " " + p.get("type").asText()
                + (p.get("name").isNull() ? "" : " [" + p.get("name").asText() + "]")));
        return out;
    }

    @Test
    void kuboRpcClientNamesPins() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("repo"))) {
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(180), new byte[0],
                    "rpc/pin-names-client.mjs", "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0"));
            String added = out.get("added").asText();
            String plain = out.get("plain").asText();
            String direct = out.get("direct").asText();
            assertThat(out.get("pinned").asText()).isEqualTo(plain);
            assertThat(out.get("pinnedDirect").asText()).isEqualTo(direct);

            // without names the streamed lines carry none; with names, each named pin its own
            assertThat(lines(out.get("ls"))).containsExactlyInAnyOrder(added + " recursive", plain + " recursive",
                    direct + " direct");
            assertThat(lines(out.get("names"))).containsExactlyInAnyOrder(added + " recursive [from add]",
                    plain + " recursive [my site]", direct + " direct [photo \u00e9]");
            assertThat(lines(out.get("filtered"))).containsExactly(plain + " recursive [my site]");
            assertThat(lines(out.get("byPath"))).containsExactly(plain + " recursive [my site]");
            assertThat(out.get("tooLong").asText()).contains("pin name is 256 bytes (max 255 bytes)");
            assertThat(out.get("pinNameWithoutPin").asText()).contains("pin-name option requires pin to be set");
            assertThat(lines(out.get("renamed"))).containsExactly(plain + " recursive [renamed site]");

            // what the client saw is what the store holds
            var pins = n.node.repo().pins();
            assertThat(pins.entry(Cid.parse(added))).hasValue(new PinEntry(PinType.RECURSIVE, "from add"));
            assertThat(pins.entry(Cid.parse(plain))).hasValue(new PinEntry(PinType.RECURSIVE, "renamed site"));
            assertThat(pins.entry(Cid.parse(direct))).hasValue(new PinEntry(PinType.DIRECT, "photo \u00e9"));
        }
    }
}
