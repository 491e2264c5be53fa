package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add --hash}, {@code block put --mhtype --mhlen}, {@code dag put --hash} and {@code files ... --hash} on the
 * command line: the same CIDs and errors on a repository and through a daemon.
 */
@Timeout(180)
class CliHashFunctionTest {
    /** Kubo's coreiface test addCidSha3: "hello, world!" added with --hash sha3-256. */
    static final String HELLO_SHA3 = "bafkrmichjflejeh6aren53o7pig7zk3m3vxqcoc2i5dv326k3x6obh7jry";

    @TempDir
    Path tmp;

    private List<String> scenario(CliRun cli, Path hello, Path node) throws IOException {
        Path empty = hello.resolveSibling("empty-node");
        Files.write(empty, new byte[0]);
        List<String> out = new ArrayList<>();
        for (String[] args : new String[][] {
            {"add", "-Q", "--hash", "sha3-256", hello.toString()},
            {"add", "-Q", "--hash", "blake2b-256", "--raw-leaves=false", hello.toString()},
            {"add", "-Q", "--hash", "sha2-256", hello.toString()},
            {"add", "-Q", "--hash", "sha3-256", "--cid-version", "0", hello.toString()},
            {"add", "-Q", "--hash", "nope", hello.toString()},
            {"add", "-Q", "--hash", "sha1", hello.toString()},
            {"block", "put", "--mhtype", "sha3-256", hello.toString()},
            {"block", "put", "--mhtype", "sha2-512", "--mhlen", "20", hello.toString()},
            {"block", "put", "--mhtype", "sha2-256", "--mhlen", "10", hello.toString()},
            {"block", "put", "--mhtype", "md5", hello.toString()},
            {"dag", "put", "--hash", "blake3", node.toString()},
            {"dag", "put", "--hash", "x", node.toString()},
            {"files", "mkdir", "--hash", "sha3-256", "/d"},
            {"files", "write", "--create", "/d/f", hello.toString()},
            {"files", "stat", "--hash", "/d/f"},
            {"files", "write", "--create", "--hash", "blake2b-256", "/d/g", hello.toString()},
            {"files", "stat", "--hash", "/d/g"},
            {"files", "chcid", "--hash", "sha2-512", "/d"},
            {"files", "stat", "--hash", "/d"},
            {"files", "mkdir", "--hash", "sha1", "/e"},
            {"cat", HELLO_SHA3},
            {"block", "put", "--cid-codec", "dag-pb", "--cid-version", "0", empty.toString()},
        }) {
            CliRun.Result r = cli.run(args);
            out.add(r.exitCode() + "\n" + r.stdout() + "\n" + r.stderr());
        }
        return out;
    }

    @Test
    void sameCidsAndErrorsOnARepositoryAndThroughADaemon() throws Exception {
        Path hello = Files.writeString(tmp.resolve("hello.txt"), "hello, world!");
        Path node = Files.writeString(tmp.resolve("node.json"), "{\"a\":1}");
        List<String> offline = scenario(DaemonFixture.init(tmp, "repo"), hello, node);
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        List<String> viaDaemon = scenario(d.cli(), hello, node);
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(viaDaemon).isEqualTo(offline);

        assertThat(offline.get(0)).isEqualTo("0\n" + HELLO_SHA3 + "\n\n");
        assertThat(function(offline.get(1))).isEqualTo("blake2b-256");
        assertThat(Cid.parse(line(offline.get(1))).codec()).isEqualTo(0x70); // dag-pb leaf asked for
        assertThat(offline.get(2)).startsWith("0\nQm");
        assertThat(offline.get(3)).isEqualTo("1\n\nError: CIDv0 only supports sha2-256\n");
        assertThat(offline.get(4)).isEqualTo("1\n\nError: unrecognized hash function: \"nope\"\n");
        assertThat(offline.get(5)).isEqualTo("1\n\nError: " + HashFunction.INSECURE + ": sha1\n");
        assertThat(offline.get(6)).isEqualTo("0\n" + HELLO_SHA3 + "\n\n");
        // CIDv0 through a daemon too (sent as Kubo's format=v0): the empty dag-pb node
        assertThat(offline.getLast()).isEqualTo("0\nQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n\n\n");
        assertThat(Cid.parse(line(offline.get(7))).multihash().digestLength()).isEqualTo(20);
        assertThat(offline.get(8)).isEqualTo("1\n\nError: hashes must be at least 20 bytes long\n");
        assertThat(offline.get(9)).isEqualTo("1\n\nError: " + HashFunction.INSECURE + ": md5\n");
        assertThat(function(offline.get(10))).isEqualTo("blake3");
        assertThat(offline.get(11)).isEqualTo("1\n\nError: unrecognized hash function: \"x\"\n");
        assertThat(offline.get(14)).as("a new file takes its directory's function").isEqualTo("0\n" + HELLO_SHA3 + "\n\n");
        assertThat(function(offline.get(16))).isEqualTo("blake2b-256");
        assertThat(function(offline.get(18))).isEqualTo("sha2-512");
        assertThat(offline.get(19)).isEqualTo("1\n\nError: " + HashFunction.INSECURE + ": sha1\n");
        assertThat(offline.get(20)).isEqualTo("0\nhello, world!\n");
    }

    @Test
    void importHashFunctionConfigIsTheDefault() {
        CliRun cli = DaemonFixture.init(tmp, "cfg");
        assertThat(cli.run("config", "Import.HashFunction", "sha3-256").exitCode()).isZero();
        CliRun.Result r = cli.run("hello, world!".getBytes(StandardCharsets.UTF_8), "add", "-Q", "-n");
        assertThat(r.stdout()).isEqualTo(HELLO_SHA3 + "\n");
        // the option wins; --cid-version 0 with the configured function is Kubo's error
        assertThat(cli.run("hello, world!".getBytes(StandardCharsets.UTF_8), "add", "-Q", "-n", "--hash", "sha2-256")
                .stdout()).startsWith("Qm");
        assertThat(cli.run("hello, world!".getBytes(StandardCharsets.UTF_8), "add", "-Q", "-n", "--cid-version", "0")
                .stderr()).isEqualTo("Error: CIDv0 only supports sha2-256\n");
        assertThat(cli.run("config", "Import.HashFunction", "nope").exitCode()).isZero();
        assertThat(cli.run("hello, world!".getBytes(StandardCharsets.UTF_8), "add", "-Q", "-n").stderr())
                .isEqualTo("Error: unrecognized hash function: \"nope\"\n");
    }

    private static String line(String result) {
        return result.split("\n")[1];
    }

    private static String function(String result) {
        assertThat(result).startsWith("0\n");
        return HashFunction.byCode(Cid.parse(line(result)).multihash().code()).orElseThrow().functionName();
    }
}
