package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry dag put|get}: nodes in dag-json and dag-cbor, paths across links, on a repo and through a daemon. */
@Timeout(60)
class CliDagNodesTest {
    @TempDir
    Path tmp;

    private static String put(CliRun cli, String json, String... opts) {
        String[] args = new String[opts.length + 2];
        args[0] = "dag";
        args[1] = "put";
        System.arraycopy(opts, 0, args, 2, opts.length);
        CliRun.Result r = cli.run(json.getBytes(StandardCharsets.UTF_8), args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout().strip();
    }

    @Test
    void nodesGoInAndComeOutOnARepo() {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        String leaf = put(cli, "{\"name\": \"leaf\", \"size\": 3}");
        assertThat(leaf).startsWith("bafyrei");
        String root = put(cli, "{\"child\": {\"/\": \"" + leaf + "\"}, \"list\": [1, 2.5, \"x\"], \"raw\": "
                + "{\"/\": {\"bytes\": \"AQID\"}}}", "--pin");
        assertThat(cli.run("dag", "get", root).stdout()).isEqualTo("{\"child\":{\"/\":\"" + leaf
                + "\"},\"list\":[1,2.5,\"x\"],\"raw\":{\"/\":{\"bytes\":\"AQID\"}}}");
        assertThat(cli.run("dag", "get", root + "/child/name").stdout()).isEqualTo("\"leaf\"");
        assertThat(cli.run("dag", "get", "/ipfs/" + root + "/list/1").stdout()).isEqualTo("2.5");
        assertThat(cli.run("dag", "get", root + "/child").stdout()).isEqualTo("{\"name\":\"leaf\",\"size\":3}");
        // the same node stored as dag-json, and read out as dag-cbor
        String asJson = put(cli, "{\"b\": 1, \"a\": 2}", "--store-codec", "dag-json");
        assertThat(asJson).startsWith("baguqeera");
        assertThat(cli.run("block", "get", asJson).stdout()).isEqualTo("{\"a\":2,\"b\":1}");
        CliRun.Result cbor = cli.run("dag", "get", "--output-codec", "dag-cbor", asJson);
        assertThat(cbor.stdoutBytes()).containsExactly(0xa2, 0x61, 'a', 0x02, 0x61, 'b', 0x01);
        // a UnixFS file's root in its dag-pb data model form
        String file = cli.run("a file".getBytes(StandardCharsets.UTF_8), "add", "-Q").stdout().strip();
        assertThat(cli.run("dag", "get", file).stdout()).startsWith("{\"Data\":{\"/\":{\"bytes\":\"")
                .endsWith("\"Links\":[]}");
        // what is refused
        for (String[] bad : new String[][] {{"{\"a\":"}, {"{\"/\": \"notacid\"}"}, {"[1]", "--store-codec", "x"}}) {
            String[] args = new String[bad.length + 1];
            args[0] = "dag";
            args[1] = "put";
            System.arraycopy(bad, 1, args, 2, bad.length - 1);
            CliRun.Result r = cli.run(bad[0].getBytes(StandardCharsets.UTF_8), args);
            assertThat(r.exitCode()).as(String.join(" ", bad)).isEqualTo(1);
            assertThat(r.stderr()).startsWith("Error: ");
        }
        assertThat(cli.run("dag", "get", root + "/nothing").stderr()).contains("no key \"nothing\"");
        assertThat(cli.run("dag", "get", root + "/list/9").stderr()).contains("out of range");
    }

    @Test
    void throughADaemon() throws Exception {
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        String leaf = put(d.cli(), "{\"v\": -1}");
        String root = put(d.cli(), "{\"to\": {\"/\": \"" + leaf + "\"}}");
        assertThat(d.cli().run("dag", "get", root + "/to/v").stdout()).isEqualTo("-1");
        assertThat(d.cli().run("dag", "get", root).stdout()).isEqualTo("{\"to\":{\"/\":\"" + leaf + "\"}}");
        assertThat(d.cli().run("dag", "put", "--input-codec", "dag-cbor").exitCode()).isEqualTo(1);
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
    }
}
