package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.dag.car.CarReader;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code add --inline [--inline-limit N]}: Kubo's CIDs, the same on a repository and through a daemon, and the
 * inlined content read back by cat, ls, refs, get and dag export.
 */
@Timeout(180)
class CliAddInlineTest {
    /** Kubo's test fixtures: {@code echo "helloworld" | ipfs add --inline -q} (boxo ipns tests). */
    static final String HELLOWORLD_INLINE = "bafyaaeykceeaeeqlnbswy3dpo5xxe3debimaw";
    /** Kubo's t0046-id-hash: {@code ipfs add -q --inline --raw-leaves} of "jkD98jkD975hkD8\n". */
    static final String ID_HASH0 = "bafkqaedknncdsodknncdsnzvnbvuioak";

    @TempDir
    Path tmp;

    private record Inputs(Path afile, Path big, Path dir) {}

    private Inputs inputs() throws IOException {
        Path afile = Files.writeString(tmp.resolve("afile"), "jkD98jkD975hkD8\n");
        byte[] random = new byte[1000];
        new Random(2).nextBytes(random);
        Path big = Files.write(tmp.resolve("1000bytes"), random);
        Path dir = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(dir.resolve("a"), "x");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("b"), "y");
        Files.write(sub.resolve("big"), random);
        Files.writeString(Files.createDirectories(dir.resolve("tiny")).resolve("c"), "z");
        return new Inputs(afile, big, dir);
    }

    private List<String> scenario(CliRun cli, Inputs in) {
        List<String> out = new ArrayList<>();
        byte[] hello = "helloworld\n".getBytes(StandardCharsets.UTF_8);
        out.add(text(cli.run(hello, "add", "-q", "--inline")));
        out.add(text(cli.run("add", "-q", "--inline", "--raw-leaves", in.afile().toString())));
        out.add(text(cli.run("add", "-q", "--inline", "--raw-leaves", in.big().toString())));
        out.add(text(cli.run("add", "-q", "--raw-leaves", "--only-hash", in.big().toString())));
        out.add(text(cli.run("add", "-r", "--inline", in.dir().toString())));
        out.add(text(cli.run("add", "--inline", "--inline-limit", "129", in.afile().toString())));
        out.add(text(cli.run("add", "-q", "--inline", "--inline-limit", "128", in.afile().toString())));
        out.add(text(cli.run("add", "-q", "--inline", "--inline-limit", "0", in.afile().toString())));
        out.add(text(cli.run("add", "-q", "--inline", "--cid-version", "1", in.afile().toString())));
        out.add(text(cli.run("add", "-q", "--inline-limit", "1000", in.afile().toString())));
        out.add(text(cli.run("cat", HELLOWORLD_INLINE)));
        return out;
    }

    @Test
    void kuboCidsOnARepositoryAndThroughADaemon() throws Exception {
        Inputs in = inputs();
        List<String> offline = scenario(DaemonFixture.init(tmp, "repo"), in);
        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        List<String> viaDaemon = scenario(d.cli(), in);
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(viaDaemon).isEqualTo(offline);

        assertThat(offline.get(0)).isEqualTo("0\n" + HELLOWORLD_INLINE + "\n\n");
        assertThat(offline.get(1)).isEqualTo("0\n" + ID_HASH0 + "\n\n");
        // larger than the limit: as without --inline (t0046's 1000-byte file)
        assertThat(offline.get(2)).isEqualTo(offline.get(3)).doesNotContain("bafkqa");
        assertThat(offline.get(5)).isEqualTo("1\n\nError: inline-limit 129 exceeds maximum allowed size of 128 bytes\n");
        assertThat(identity(offline.get(6))).isTrue();
        assertThat(identity(offline.get(7))).as("a limit of 0 inlines nothing").isFalse();
        // the file's dag-pb node (CIDv1 leaves are raw): a raw identity block
        assertThat(offline.get(8)).isEqualTo("0\n" + ID_HASH0 + "\n\n");
        assertThat(identity(offline.get(9))).as("--inline-limit alone does nothing").isFalse();
        assertThat(offline.get(10)).isEqualTo("0\nhelloworld\n\n");
    }

    @Test
    void inlinedDirectoryReadsBackEverywhere() throws Exception {
        Inputs in = inputs();
        CliRun cli = DaemonFixture.init(tmp, "repo");
        List<String> lines = ok(cli.run("add", "-r", "--inline", in.dir().toString())).lines();
        // the small files, the directory holding only small files and the root are inlined; 1000 bytes are not
        assertThat(lines).hasSize(7);
        Cid a = cidOf(lines, "site/a");
        Cid sub = cidOf(lines, "site/sub");
        Cid big = cidOf(lines, "site/sub/big");
        Cid root = cidOf(lines, "site");
        assertThat(a.isIdentity()).isTrue();
        assertThat(a.version()).isEqualTo(1);
        assertThat(a.codec()).isEqualTo(Multicodec.DAG_PB.code());
        assertThat(cidOf(lines, "site/sub/b").isIdentity()).isTrue();
        assertThat(big.isIdentity()).isFalse();
        assertThat(big.version()).as("--cid-version 0 still applies to the blocks not inlined").isZero();
        assertThat(sub.isIdentity()).as("two links to CIDv0 and identity children: more than 32 bytes").isFalse();
        assertThat(root.isIdentity()).isFalse();
        Cid tiny = cidOf(lines, "site/tiny");
        assertThat(tiny.isIdentity()).as("a directory of one small file").isTrue();
        assertThat(tiny.multihash().digestLength()).isEqualTo(26); // one link to a 13-byte CID, named "c"
        assertThat(ok(cli.run("cat", tiny + "/c")).stdout()).isEqualTo("z");

        String small = ok(cli.run("add", "-Q", "--inline", in.dir().resolve("a").toString())).stdout().strip();
        assertThat(Cid.parse(small)).isEqualTo(a);

        assertThat(ok(cli.run("cat", root + "/a")).stdout()).isEqualTo("x");
        assertThat(ok(cli.run("cat", root + "/sub/b")).stdout()).isEqualTo("y");
        assertThat(ok(cli.run("cat", root + "/sub/big")).stdoutBytes()).isEqualTo(Files.readAllBytes(in.big()));
        assertThat(ok(cli.run("ls", root.toString())).stdout()).contains(a + " 1 a\n").contains(sub + " - sub/\n");
        // refs lists identity children as Kubo does (they are links); only the others are stored
        assertThat(ok(cli.run("refs", "-r", root.toString())).lines())
                .containsExactlyInAnyOrder(a.toString(), sub.toString(), cidOf(lines, "site/sub/b").toString(),
                        big.toString(), tiny.toString(), cidOf(lines, "site/tiny/c").toString());
        // refs local names blocks by multihash (as raw CIDv1)
        List<Object> local = ok(cli.run("refs", "local")).lines().stream().map(c -> (Object) Cid.parse(c).multihash())
                .toList();
        assertThat(local).contains(root.multihash(), sub.multihash(), big.multihash())
                .doesNotContain(a.multihash(), cidOf(lines, "site/sub/b").multihash());

        Path out = tmp.resolve("out");
        ok(cli.run("get", "-o", out.toString(), root.toString()));
        assertThat(Files.readString(out.resolve("a"))).isEqualTo("x");
        assertThat(Files.readString(out.resolve("sub/b"))).isEqualTo("y");
        assertThat(Files.readString(out.resolve("tiny/c"))).isEqualTo("z");
        assertThat(Files.readAllBytes(out.resolve("sub/big"))).isEqualTo(Files.readAllBytes(in.big()));

        // a CAR holds no identity block (their bytes are in the CIDs): root, sub and the big leaf only
        byte[] car = ok(cli.run("dag", "export", root.toString())).stdoutBytes();
        List<Cid> inCar = new ArrayList<>();
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            for (var b = r.next(); b.isPresent(); b = r.next()) {
                inCar.add(b.get().cid());
            }
        }
        assertThat(inCar).containsExactly(root, sub, big);
    }

    private static CliRun.Result ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    private static Cid cidOf(List<String> addedLines, String name) {
        for (String l : addedLines) {
            String[] f = l.split(" ");
            if (f.length == 3 && f[2].equals(name)) {
                return Cid.parse(f[1]);
            }
        }
        throw new AssertionError("no line for " + name + " in " + addedLines);
    }

    private static boolean identity(String result) {
        assertThat(result).startsWith("0\n");
        return Cid.parse(result.split("\n")[1]).isIdentity();
    }

    private static String text(CliRun.Result r) {
        return r.exitCode() + "\n" + r.stdout() + "\n" + r.stderr();
    }
}
