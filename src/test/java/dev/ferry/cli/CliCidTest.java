package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry cid ...}: Kubo's text, computed locally, so the same with and without a daemon. */
@Timeout(120)
class CliCidTest {
    static final String V0 = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";
    static final String V1 = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";
    /** V1 in base256emoji: its prefix is a surrogate pair, each byte an emoji. */
    static final String V1_EMOJI = dev.ferry.multiformats.Cid.parse(V1)
            .toString(dev.ferry.multiformats.Multibase.BASE256_EMOJI);

    @TempDir
    Path tmp;

    /** Each run as exit code, stdout and stderr. */
    private static List<String> scenario(CliRun cli) {
        List<String> out = new ArrayList<>();
        for (String[] args : new String[][] {
            {"cid", "format", "-b", "base36", V0, "nope", V1},
            {"cid", "format", "-v", "1", V0},
            {"cid", "format", "-f", "%P", V0},
            {"cid", "format", "-f", "plain", V0},
            {"cid", "format", "-f", "%Q", V0},
            {"cid", "format", "-v", "0", "-b", "base32", V0},
            {"cid", "base32", V0},
            {"cid", "bases", "--prefix", "--numeric"},
            {"cid", "bases"},
            {"cid", "codecs", "-n"},
            {"cid", "hashes", "--numeric", "-s"},
            {"cid", "inspect", V0},
            {"cid", "inspect", "nope"},
        }) {
            CliRun.Result r = cli.run(args);
            out.add(r.exitCode() + "\n" + r.stdout() + "\n" + r.stderr());
        }
        CliRun.Result stdin = cli.run((V0 + "\n" + V1 + "\n").getBytes(StandardCharsets.UTF_8), "cid", "base32");
        out.add(stdin.exitCode() + "\n" + stdin.stdout());
        for (String[] args : new String[][] {
            {"cid", "format", "-b", "base256emoji", V0, V1},
            {"cid", "format", "-b", "\uD83D\uDE80", "-f", "%b %B", V1},
            {"cid", "base32", V1_EMOJI},
            {"cid", "format", "-v", "0", V1_EMOJI},
            {"cid", "inspect", V1_EMOJI},
            {"cid", "inspect", "\uD83D\uDE80\uD83D\uDE81"},
        }) {
            CliRun.Result r = cli.run(args);
            out.add(r.exitCode() + "\n" + r.stdout() + "\n" + r.stderr());
        }
        return out;
    }

    @Test
    void kubosOutputWithAndWithoutADaemon() throws Exception {
        List<String> offline = scenario(DaemonFixture.init(tmp, "repo"));
        List<String> noRepo = scenario(new CliRun(tmp.resolve("never-initialised")));
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        List<String> viaDaemon = scenario(d.cli());
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(viaDaemon).isEqualTo(offline);
        assertThat(noRepo).isEqualTo(offline);

        String b36 = "k2jmtxtlhjl3fhmgndf92e48by79ryjuvqp3y2qgehpao6v3lurvnmcv";
        assertThat(offline.get(0)).startsWith("1\n" + b36 + "\n" + b36 + "\n\nnope: ")
                .endsWith("Error: errors while displaying some entries\n");
        assertThat(offline.get(1)).isEqualTo("0\nzdj7WbTaiJT1fgatdet9Ei9iDB5hdCxkbVyhyh8YTUnXMiwYi\n\n");
        assertThat(offline.get(2)).isEqualTo("0\ncidv0-protobuf-sha2-256-32\n\n");
        assertThat(offline.get(3)).isEqualTo("1\n\nError: invalid format string: \"plain\"\n");
        assertThat(offline.get(4)).isEqualTo("1\n\nError: unrecognized specifier in format string: %Q\n");
        assertThat(offline.get(5)).isEqualTo(
                "1\n\nError: cannot convert to CIDv0 with any multibase other than the implicit base58btc\n");
        assertThat(offline.get(6)).isEqualTo("0\n" + V1 + "\n\n");
        // identity's prefix is not printable: a space, as Kubo
        assertThat(offline.get(7)).startsWith("0\n        0  identity\n0      48  base2\nb      98  base32\n"
                + "B      66  base32upper\nc      99  base32pad\n").contains("z     122  base58btc\n");
        assertThat(offline.get(8)).startsWith("0\nidentity\nbase2\nbase32\nbase32upper\nbase32pad\n");
        assertThat(offline.get(9)).isEqualTo("0\n   85  raw\n  112  dag-pb\n  113  dag-cbor\n  114  libp2p-key\n"
                + "  297  dag-json\n\n");
        assertThat(offline.get(10)).startsWith("0\n    0  identity\n   18  sha2-256\n   19  sha2-512\n")
                .contains("45600  blake2b-256\n").doesNotContain("sha1");
        assertThat(offline.get(11)).startsWith("0\nCID:        " + V0 + "\nVersion:    0\n"
                + "Multibase:  base58btc (implicit)\nMulticodec: dag-pb (0x70, implicit)\n")
                .contains("CIDv1:      " + V1 + "\n");
        assertThat(offline.get(12)).startsWith("1\n\nError: invalid CID: ");
        assertThat(offline.get(13)).isEqualTo("0\n" + V1 + "\n" + V1 + "\n");
        // base256emoji both ways: -b by name or by the rocket, CIDs read by their two-char prefix
        String v0Emoji = dev.ferry.multiformats.Cid.parse(V0).toV1()
                .toString(dev.ferry.multiformats.Multibase.BASE256_EMOJI);
        assertThat(V1_EMOJI).startsWith("\uD83D\uDE80\uD83E\uDE90"); // the rocket, then byte 1 (the version)
        assertThat(offline.get(14)).isEqualTo("0\n" + v0Emoji + "\n" + V1_EMOJI + "\n\n");
        assertThat(offline.get(15)).isEqualTo("0\nbase256emoji \uD83D\uDE80\n\n");
        assertThat(offline.get(16)).isEqualTo("0\n" + V1 + "\n\n");
        assertThat(offline.get(17)).isEqualTo("0\n" + dev.ferry.multiformats.Cid.parse(V1).toV0() + "\n\n");
        assertThat(offline.get(18)).contains("CID:        " + V1_EMOJI + "\n")
                .contains("Multibase:  base256emoji (\uD83D\uDE80)\n").contains("CIDv1:      " + V1 + "\n");
        assertThat(offline.get(19)).startsWith("1\n\nError: invalid CID: invalid base256emoji character U+1F681 at 0");
    }

    @Test
    void formatHelpCarriesTheFormatReference() {
        CliRun.Result help = new CliRun(tmp.resolve("repo")).run("cid", "format", "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stdout()).contains("   %% literal %\n").contains("   %P cid prefix: %v-%c-%h-%L\n");
    }
}
