package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry refs|resolve}, {@code ferry dag resolve|stat} and {@code ferry pin update}: Kubo's output on a repo,
 * the same output through a daemon, and one-line errors.
 */
@Timeout(120)
class CliRefsTest {
    @TempDir
    Path tmp;

    private static String ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r.stdout();
    }

    private static String ok(CliRun cli, byte[] stdin, String... args) {
        CliRun.Result r = cli.run(stdin, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r.stdout();
    }

    private static String error(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).startsWith("Error: ").endsWith("\n");
        assertThat(r.stderr().strip()).doesNotContain("\n");
        return r.stderr().strip().substring("Error: ".length());
    }

    private Path tree(String name, Map<String, String> files) throws Exception {
        Path dir = tmp.resolve(name);
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return dir;
    }

    /** The entries of a directory as {@code ferry ls} prints them: name to CID. */
    private static Map<String, String> ls(CliRun cli, String dir) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : ok(cli, "ls", dir).split("\n")) {
            String[] f = line.split(" ");
            out.put(f[2].replace("/", ""), f[0]);
        }
        return out;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String raw(String cid) {
        return Cid.v1(Multicodec.RAW.code(), Cid.parse(cid).multihash()).toString();
    }

    @Test
    void aRepoAndADaemonPrintTheSame() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        Path dir = tree("tree", Map.of("a.txt", "same", "sub/b.txt", "bee", "sub/c.txt", "same"));
        String root = ok(cli, "add", "-r", "-Q", dir.toString()).strip();
        Map<String, String> top = ls(cli, root);
        String a = top.get("a.txt");
        String sub = top.get("sub");
        String b = ls(cli, sub).get("b.txt");
        assertThat(ls(cli, sub).get("c.txt")).isEqualTo(a);
        String doc = ok(cli, ("{\"n\":{\"m\":[1,2]},\"dir\":{\"/\":\"" + root + "\"}}")
                .getBytes(StandardCharsets.UTF_8), "dag", "put").strip();

        // what each command prints on the repo, checked here, then asked again of a daemon on the same repo
        Map<List<String>, String> expected = new LinkedHashMap<>();
        expected.put(List.of("refs", root), lines(a, sub));
        expected.put(List.of("refs", "-r", root), lines(a, sub, b, a));
        expected.put(List.of("refs", "-r", "-u", root), lines(a, sub, b));
        expected.put(List.of("refs", "-e", root), lines(root + " -> " + a, root + " -> " + sub));
        expected.put(List.of("refs", "-r", "--format", "<linkname> <dst>", "/ipfs/" + root),
                lines("a.txt " + a, "sub " + sub, "b.txt " + b, "c.txt " + a));
        expected.put(List.of("refs", "-r", "--max-depth", "1", root), lines(a, sub));
        expected.put(List.of("refs", "-r", doc), lines(root, a, sub, b, a));
        expected.put(List.of("refs", root + "/sub", doc), lines(b, a, root));
        expected.put(List.of("resolve", "/ipfs/" + root + "/sub/b.txt"), lines("/ipfs/" + b));
        expected.put(List.of("resolve", doc + "/n/m"), lines("/ipfs/" + doc + "/n/m"));
        expected.put(List.of("resolve", "/ipfs/" + doc + "/dir/sub"), lines("/ipfs/" + Cid.parse(sub).toV1()));
        expected.put(List.of("dag", "resolve", doc + "/n/m/0"), doc + "/n/m/0");
        expected.put(List.of("dag", "resolve", "/ipfs/" + root + "/sub/b.txt"), b);
        expected.put(List.of("dag", "resolve", doc + "/dir/sub"), Cid.parse(sub).toV1().toString());
        Map<List<String>, String> offline = new LinkedHashMap<>();
        for (var e : expected.entrySet()) {
            String out = ok(cli, e.getKey().toArray(String[]::new));
            assertThat(out).as(String.join(" ", e.getKey())).isEqualTo(e.getValue());
            offline.put(e.getKey(), out);
        }
        // dag stat: Kubo's table and summary, the whole DAG of root and, shared, that of sub
        String stat = ok(cli, "dag", "stat", "--progress=false", root, sub);
        String[] s = stat.split("\n", -1);
        assertThat(s[0]).isEmpty();
        assertThat(s[1]).isEqualTo("CID" + " ".repeat(root.length() - 3) + "\tBlocks         \tSize");
        assertThat(s[2]).startsWith(root + "\t4              \t");
        assertThat(s[3]).startsWith(sub + "\t3              \t");
        long rootDag = Long.parseLong(s[2].substring(s[2].lastIndexOf('\t') + 1));
        long subDag = Long.parseLong(s[3].substring(s[3].lastIndexOf('\t') + 1));
        assertThat(rootDag).isGreaterThan(subDag).isPositive();
        assertThat(String.join("\n", List.of(s).subList(4, s.length))).isEqualTo("\nSummary\nTotal Size: " + rootDag
                + "\nUnique Blocks: 4\nShared Size: " + subDag + "\nRatio: " + String.format(java.util.Locale.ROOT,
                "%f", (double) ((float) (rootDag + subDag) / (float) rootDag)) + "\n\n\n");
        List<String> local = ok(cli, "refs", "local").lines().sorted().toList();
        assertThat(local).contains(raw(root), raw(a), raw(sub), raw(b), raw(doc)).doesNotHaveDuplicates();
        local.forEach(l -> assertThat(Cid.parse(l).codec()).isEqualTo(Multicodec.RAW.code()));

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            for (var e : offline.entrySet()) {
                assertThat(ok(d.cli(), e.getKey().toArray(String[]::new))).as("daemon: " + String.join(" ", e.getKey()))
                        .isEqualTo(e.getValue());
            }
            assertThat(ok(d.cli(), "dag", "stat", "--progress=false", root, sub)).isEqualTo(stat);
            assertThat(ok(d.cli(), "dag", "stat", "--progress", root, sub)).isEqualTo(stat);
            assertThat(ok(d.cli(), "refs", "local").lines().sorted().toList()).isEqualTo(local);
            assertThat(error(d.cli(), "refs", root + "/nope")).isEqualTo("no link named \"nope\" under " + root);
            assertThat(error(d.cli(), "refs", "-e", "--format", "<src>", root))
                    .isEqualTo("using format argument with edges is not allowed");
            assertThat(error(d.cli(), "dag", "stat", doc + "/n"))
                    .isEqualTo("cannot return size for anything other than a DAG with a root CID");
            assertThat(ok(d.cli(), "shutdown")).isNotNull();
        } finally {
            d.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void pinUpdateOnARepoAndThroughADaemon() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        String v1 = ok(cli, "add", "-r", "-Q", tree("v1", Map.of("a.txt", "one")).toString()).strip();
        String v2 = ok(cli, "add", "-r", "-Q", "--pin=false", tree("v2", Map.of("a.txt", "one", "b.txt", "two"))
                .toString()).strip();
        assertThat(error(cli, "pin", "update", v2, v1)).isEqualTo("'from' cid was not recursively pinned already");
        assertThat(ok(cli, "pin", "update", v1, "/ipfs/" + v2)).isEqualTo("updated " + v1 + " to " + v2 + "\n");
        assertThat(ok(cli, "pin", "ls", "--type", "recursive")).isEqualTo(v2 + " recursive\n");
        CliRun.Result one = cli.run("pin", "update", v2);
        assertThat(one.exitCode()).isEqualTo(1);
        assertThat(one.stderr()).startsWith("Error: ").contains("TO");

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            assertThat(ok(d.cli(), "pin", "update", "--unpin=false", v2, v1))
                    .isEqualTo("updated " + v2 + " to " + v1 + "\n");
            assertThat(ok(d.cli(), "pin", "ls", "--type", "recursive").lines().sorted().toList())
                    .isEqualTo(List.of(v1 + " recursive", v2 + " recursive").stream().sorted().toList());
            assertThat(error(d.cli(), "pin", "update", v1, v2)).isEqualTo("'to' cid was already recursively pinned");
            assertThat(ok(d.cli(), "shutdown")).isNotNull();
        } finally {
            d.exit().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void badInputAndMissingBlocksOnARepo() throws Exception {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        String root = ok(cli, "add", "-r", "-Q", tree("t", Map.of("f.txt", "x")).toString()).strip();
        assertThat(error(cli, "refs")).isEqualTo("argument \"ipfs-path\" is required");
        assertThat(error(cli, "refs", "notacid")).startsWith("invalid CID 'notacid'");
        assertThat(error(cli, "resolve", "/ipfs/notacid/x")).startsWith("invalid CID 'notacid'");
        assertThat(error(cli, "dag", "resolve", "bafyfoo")).startsWith("invalid CID 'bafyfoo'");
        assertThat(error(cli, "dag", "stat", "nope")).startsWith("invalid CID 'nope'");
        CliRun.Result depth = cli.run("refs", "--max-depth", "x", root);
        assertThat(depth.exitCode()).isEqualTo(1);
        assertThat(depth.stderr()).startsWith("Error: ").contains("max-depth");
        assertThat(error(cli, "resolve", "/ipfs/" + root + "/nope")).isEqualTo("no link named \"nope\" under " + root);
        assertThat(error(cli, "refs", "-e", "--format", "<dst>!", root))
                .isEqualTo("using format argument with edges is not allowed");

        String missing = Block.raw("never stored".getBytes(StandardCharsets.UTF_8)).cid().toString();
        String dangling = ok(cli, ("{\"gone\":{\"/\":\"" + missing + "\"}}").getBytes(StandardCharsets.UTF_8),
                "dag", "put").strip();
        assertThat(error(cli, "refs", dangling)).isEqualTo("block " + missing + " is not in the blockstore");
        assertThat(error(cli, "refs", missing)).isEqualTo("block " + missing + " is not in the blockstore");
        assertThat(error(cli, "dag", "stat", "--progress=false", dangling)).contains(missing);
        assertThat(error(cli, "resolve", dangling + "/gone/deeper")).contains(missing);
        // the link itself resolves without its block, as in Kubo
        assertThat(ok(cli, "dag", "resolve", dangling + "/gone")).isEqualTo(missing);
        assertThat(error(cli, "pin", "update", root, dangling)).contains(missing).contains("not found locally");
        assertThat(ok(cli, "pin", "ls", "--type", "recursive")).isEqualTo(root + " recursive\n");

        // refs writes what it found before the failure, then the error
        String half = ok(cli, ("[{\"/\":\"" + root + "\"},{\"/\":\"" + missing + "\"}]")
                .getBytes(StandardCharsets.UTF_8), "dag", "put").strip();
        CliRun.Result r = cli.run("refs", half);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo(root + "\n");
        assertThat(r.stderr()).isEqualTo("Error: block " + missing + " is not in the blockstore\n");
    }
}
