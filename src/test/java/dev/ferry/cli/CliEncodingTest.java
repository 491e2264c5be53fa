package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global {@code --enc}/{@code --encoding} without a daemon: where it may stand, its values, and each command's
 * JSON form (the RPC's shape, compact, one value a line), field by field.
 */
@Timeout(120)
class CliEncodingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    CliRun cli;

    @BeforeEach
    void init() {
        cli = new CliRun(tmp.resolve("repo"));
        ok(cli.run("init"));
    }

    static String ok(CliRun.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    /** The one line of output, parsed; fails unless there is exactly one line. */
    static JsonNode one(CliRun.Result r) throws Exception {
        List<String> lines = ok(r).lines().toList();
        assertThat(lines).as(r.toString()).hasSize(1);
        return JSON.readTree(lines.getFirst());
    }

    /** Each line parsed as one JSON value. */
    static List<JsonNode> each(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private String add(String text) {
        return ok(cli.run(text.getBytes(StandardCharsets.UTF_8), "add", "-Q")).strip();
    }

    @Test
    void theOptionStandsBeforeOrAfterTheSubcommandInEitherSpelling() throws Exception {
        for (String[] args : List.of(new String[] {"--enc=json", "version"}, new String[] {"--enc", "json", "version"},
                new String[] {"version", "--enc=json"}, new String[] {"version", "--enc", "json"},
                new String[] {"--encoding=json", "version"}, new String[] {"version", "--encoding", "json"},
                new String[] {"version", "--enc=JSON"})) {
            JsonNode v = one(cli.run(args));
            assertThat(v.path("Version").asText()).as(String.join(" ", args)).isEqualTo(VersionCommand.version());
        }
        assertThat(ok(cli.run("version", "--enc=text"))).isEqualTo("ferry version " + VersionCommand.version() + "\n");
        assertThat(ok(cli.run("--enc", "text", "version"))).isEqualTo("ferry version " + VersionCommand.version() + "\n");
        // deeper: before the group, between the group and its subcommand, at the end; the last one given wins
        for (String[] args : List.of(new String[] {"--enc=json", "repo", "stat"}, new String[] {"repo", "--enc=json", "stat"},
                new String[] {"repo", "stat", "--enc=json"}, new String[] {"--enc=text", "repo", "stat", "--enc=json"})) {
            assertThat(one(cli.run(args)).has("NumObjects")).as(String.join(" ", args)).isTrue();
        }
        assertThat(ok(cli.run("--enc=json", "repo", "stat", "--enc=text"))).startsWith("NumObjects: ");
    }

    @Test
    void aBadValueIsOneErrorLineNamingTheAllowedOnes() {
        for (String[] args : List.of(new String[] {"--enc=xml", "version"}, new String[] {"version", "--enc", "xml"},
                new String[] {"pin", "ls", "--encoding=cbor"}, new String[] {"--enc="})) {
            CliRun.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr().lines().toList()).as(r.toString()).hasSize(1);
            assertThat(r.stderr()).startsWith("Error: ").contains("text").contains("json");
        }
        CliRun.Result missing = cli.run("version", "--enc");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).startsWith("Error: ");
    }

    @Test
    void commandsWithoutAJsonFormIgnoreIt() throws Exception {
        String cid = add("plain bytes");
        assertThat(ok(cli.run("--enc=json", "cat", cid))).isEqualTo("plain bytes");
        assertThat(ok(cli.run("cat", cid, "--enc", "json"))).isEqualTo("plain bytes");
        Path out = tmp.resolve("got");
        ok(cli.run("get", cid, "-o", out.toString(), "--enc=json"));
        assertThat(Files.readString(out)).isEqualTo("plain bytes");
        // id and config show are JSON already, and stay as they are
        assertThat(ok(cli.run("--enc=json", "id"))).isEqualTo(ok(cli.run("id")));
        assertThat(ok(cli.run("config", "show", "--enc=json"))).isEqualTo(ok(cli.run("config", "show")));
        assertThat(JSON.readTree(ok(cli.run("--enc=json", "id"))).path("ID").asText()).startsWith("12D3KooW");
        // the per-command --enc folded into the global one: cid inspect's JSON, before or after the subcommand
        String inspected = ok(cli.run("cid", "inspect", "--enc=json", cid));
        assertThat(JSON.readTree(inspected).path("cid").isMissingNode()).isFalse();
        assertThat(ok(cli.run("--enc=json", "cid", "inspect", cid))).isEqualTo(inspected);
        assertThat(ok(cli.run("cid", "inspect", cid))).isNotEqualTo(inspected);
    }

    @Test
    void versionHasKubosFields() throws Exception {
        JsonNode v = one(cli.run("--enc=json", "version"));
        assertThat(names(v)).containsExactly("Version", "Commit", "Repo", "System", "Golang");
        assertThat(v.path("Version").asText()).isEqualTo(VersionCommand.version());
        assertThat(v.path("Commit").asText()).isEmpty();
        assertThat(v.path("Repo").asText()).isEqualTo(dev.ferry.node.repo.Repo.VERSION);
        assertThat(v.path("System").asText()).isEqualTo(System.getProperty("os.arch") + "/"
                + System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT));
        assertThat(v.path("Golang").asText()).isEqualTo("java" + Runtime.version().feature());
    }

    @Test
    void repoStatAndStatsRepo() throws Exception {
        add("one block");
        JsonNode s = one(cli.run("--enc=json", "repo", "stat"));
        assertThat(names(s)).containsExactly("RepoSize", "StorageMax", "NumObjects", "RepoPath", "Version");
        List<String> text = ok(cli.run("repo", "stat")).lines().toList();
        assertThat(text.get(0)).isEqualTo("NumObjects: " + s.path("NumObjects").asLong());
        assertThat(text.get(1)).isEqualTo("RepoSize:   " + s.path("RepoSize").asLong());
        assertThat(text.get(2)).isEqualTo("StorageMax: " + s.path("StorageMax").asLong());
        assertThat(text.get(3)).isEqualTo("RepoPath:   " + s.path("RepoPath").asText());
        assertThat(s.path("NumObjects").isIntegralNumber()).isTrue();
        assertThat(s.path("NumObjects").asLong()).isPositive();
        assertThat(one(cli.run("--enc=json", "stats", "repo"))).isEqualTo(s);
    }

    @Test
    void pinLsIsKubosKeysObjectOrOneLineAPinWithStream() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("a.txt"), "a");
        String root = ok(cli.run("add", "-r", "-Q", dir.toString())).strip();
        String leaf = ok(cli.run("add", "-Q", "-n", dir.resolve("a.txt").toString())).strip();
        String named = add("named");
        ok(cli.run("pin", "add", "--name", "mine", named));

        JsonNode keys = one(cli.run("--enc=json", "pin", "ls")).path("Keys");
        assertThat(keys.path(root).path("Type").asText()).isEqualTo("recursive");
        assertThat(keys.path(root).path("Name").asText()).isEmpty();
        assertThat(names(keys.path(root))).containsExactly("Type", "Name");
        assertThat(keys.path(leaf).path("Type").asText()).isEqualTo("indirect");
        assertThat(keys.path(named).path("Name").asText()).as("no names without --names").isEmpty();
        assertThat(names(keys)).hasSize(ok(cli.run("pin", "ls")).lines().toList().size());

        JsonNode withNames = one(cli.run("pin", "ls", "--names", "--enc=json")).path("Keys");
        assertThat(withNames.path(named).path("Name").asText()).isEqualTo("mine");
        JsonNode recursive = one(cli.run("pin", "ls", "--type", "recursive", "--enc=json")).path("Keys");
        assertThat(names(recursive)).containsExactlyInAnyOrder(root, named);
        // asked for by CID: the pin's reason as its type, as the RPC answers
        JsonNode asked = one(cli.run("--enc=json", "pin", "ls", leaf)).path("Keys");
        assertThat(asked.path(leaf).path("Type").asText()).isEqualTo("indirect through " + root);
        CliRun.Result notPinned = cli.run("--enc=json", "pin", "ls", ok(cli.run("add", "-Q", "-n",
                "--pin=false", dir.resolve("a.txt").toString(), "--cid-version=1")).strip());
        assertThat(notPinned.exitCode()).isEqualTo(1);
        assertThat(notPinned.stderr()).startsWith("Error: path '").contains("is not pinned");

        List<JsonNode> stream = each(ok(cli.run("--enc=json", "pin", "ls", "--stream", "--names")));
        assertThat(stream).hasSize(names(keys).size());
        JsonNode namedLine = stream.stream().filter(l -> l.path("Cid").asText().equals(named)).findFirst().orElseThrow();
        assertThat(names(namedLine)).containsExactly("Cid", "Name", "Type");
        assertThat(namedLine.path("Name").asText()).isEqualTo("mine");
        JsonNode rootLine = stream.stream().filter(l -> l.path("Cid").asText().equals(root)).findFirst().orElseThrow();
        assertThat(names(rootLine)).as("an empty name is left out").containsExactly("Cid", "Type");
        assertThat(rootLine.path("Type").asText()).isEqualTo("recursive");
    }

    @Test
    void lsListsObjectsWithTheirLinks() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("f.txt"), "twelve bytes");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/x"), "x");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("f.txt"));
        String root = ok(cli.run("add", "-r", "-Q", dir.toString())).strip();
        String file = ok(cli.run("add", "-Q", "-n", dir.resolve("f.txt").toString())).strip();

        JsonNode objects = one(cli.run("--enc=json", "ls", root, root + "/f.txt")).path("Objects");
        assertThat(objects).hasSize(2);
        assertThat(objects.get(0).path("Hash").asText()).isEqualTo(root);
        JsonNode links = objects.get(0).path("Links");
        assertThat(links).hasSize(3);
        List<String> text = ok(cli.run("ls", root)).lines().toList();
        for (int i = 0; i < 3; i++) {
            JsonNode l = links.get(i);
            assertThat(names(l)).containsExactly("Name", "Hash", "Size", "Type", "Target");
            assertThat(text.get(i)).startsWith(l.path("Hash").asText() + " ");
        }
        JsonNode f = links.get(0);
        assertThat(f.path("Name").asText()).isEqualTo("f.txt");
        assertThat(f.path("Hash").asText()).isEqualTo(file);
        assertThat(f.path("Size").asLong()).isEqualTo(12);
        assertThat(f.path("Type").asInt()).isEqualTo(2);
        assertThat(f.path("Target").asText()).isEmpty();
        assertThat(links.get(1).path("Name").asText()).isEqualTo("link");
        assertThat(links.get(1).path("Type").asInt()).isEqualTo(4);
        assertThat(links.get(1).path("Target").asText()).isEqualTo("f.txt");
        assertThat(links.get(2).path("Name").asText()).isEqualTo("sub");
        assertThat(links.get(2).path("Type").asInt()).isEqualTo(1);
        assertThat(links.get(2).path("Size").asLong()).isZero();
        // a file lists no links
        assertThat(objects.get(1).path("Hash").asText()).isEqualTo(root + "/f.txt");
        assertThat(objects.get(1).path("Links")).isEmpty();
    }

    @Test
    void refsAndRefsLocalAreRefErrLines() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("d"));
        Files.writeString(dir.resolve("a"), "a");
        Files.writeString(dir.resolve("b"), "b");
        String root = ok(cli.run("add", "-r", "-Q", "--pin=false", dir.toString())).strip();

        List<String> text = ok(cli.run("refs", root)).lines().toList();
        List<JsonNode> lines = each(ok(cli.run("--enc=json", "refs", root)));
        assertThat(lines).hasSize(text.size()).hasSize(2);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(names(lines.get(i))).containsExactly("Ref", "Err");
            assertThat(lines.get(i).path("Ref").asText()).isEqualTo(text.get(i));
            assertThat(lines.get(i).path("Err").asText()).isEmpty();
        }
        List<String> edges = ok(cli.run("refs", "-e", root)).lines().toList();
        assertThat(each(ok(cli.run("refs", "-e", root, "--enc=json"))).stream().map(l -> l.path("Ref").asText()))
                .containsExactlyElementsOf(edges);

        List<String> local = ok(cli.run("refs", "local")).lines().sorted().toList();
        List<JsonNode> localJson = each(ok(cli.run("--enc=json", "refs", "local")));
        assertThat(localJson.stream().map(l -> l.path("Ref").asText()).sorted().toList()).isEqualTo(local);
        assertThat(localJson).allSatisfy(l -> assertThat(l.path("Err").asText()).isEmpty());

        // a block gone: the walk ends its root with an error line, and the command fails
        ok(cli.run("block", "rm", text.get(0)));
        CliRun.Result broken = cli.run("--enc=json", "refs", root);
        assertThat(broken.exitCode()).isEqualTo(1);
        List<JsonNode> brokenLines = each(broken.stdout());
        assertThat(brokenLines.getLast().path("Ref").asText()).isEmpty();
        assertThat(brokenLines.getLast().path("Err").asText()).isNotEmpty();
    }

    @Test
    void blockStatIsKeyAndSize() throws Exception {
        String cid = ok(cli.run("hello block".getBytes(StandardCharsets.UTF_8), "block", "put")).strip();
        JsonNode s = one(cli.run("block", "stat", cid, "--enc=json"));
        assertThat(names(s)).containsExactly("Key", "Size");
        assertThat(s.path("Key").asText()).isEqualTo(cid);
        assertThat(s.path("Size").isIntegralNumber()).isTrue();
        assertThat(s.path("Size").asInt()).isEqualTo(11);
    }

    @Test
    void addPrintsANameHashSizeLinePerEntryAndNoProgress() throws Exception {
        CliRun.Result stdin = cli.run("from stdin".getBytes(StandardCharsets.UTF_8), "--enc=json", "add", "-p");
        assertThat(stdin.stderr()).as("no progress").isEmpty();
        JsonNode line = one(stdin);
        assertThat(names(line)).containsExactly("Name", "Hash", "Size");
        assertThat(line.path("Name").asText()).as("an unnamed file is named by its CID").isEqualTo(line.path("Hash").asText());
        assertThat(line.path("Size").isTextual()).as("Size is a string, as Kubo's").isTrue();
        // Kubo's Size: the bytes of the file's DAG (here one dag-pb block around the 10 bytes)
        assertThat(line.path("Size").asLong()).isEqualTo(one(cli.run("--enc=json", "block", "stat",
                line.path("Hash").asText())).path("Size").asLong()).isGreaterThan(10);
        assertThat(ok(cli.run("from stdin".getBytes(StandardCharsets.UTF_8), "add", "-Q")).strip())
                .isEqualTo(line.path("Hash").asText());

        Path dir = Files.createDirectories(tmp.resolve("tree"));
        Files.writeString(dir.resolve("one"), "1");
        Files.writeString(dir.resolve("two"), "22");
        List<String> text = ok(cli.run("add", "-r", dir.toString())).lines().toList();
        List<JsonNode> lines = each(ok(cli.run("add", "-r", "--enc=json", dir.toString())));
        assertThat(lines).hasSize(text.size()).hasSize(3);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            assertThat(text.get(i)).isEqualTo("added " + l.path("Hash").asText() + " " + l.path("Name").asText());
        }
        assertThat(lines.getLast().path("Name").asText()).isEqualTo("tree");
        assertThat(lines.get(0).path("Name").asText()).isEqualTo("tree/one");
        assertThat(lines.get(0).path("Size").asLong()).isGreaterThan(1);
        // -Q: the root's line only; --silent: nothing; -q changes nothing in JSON
        assertThat(one(cli.run("add", "-r", "-Q", "--enc=json", dir.toString()))).isEqualTo(lines.getLast());
        assertThat(ok(cli.run("add", "-r", "--silent", "--enc=json", dir.toString()))).isEmpty();
        assertThat(each(ok(cli.run("add", "-r", "-q", "--enc=json", dir.toString())))).isEqualTo(lines);
        // -w: the wrapping directory has no name
        JsonNode wrapped = each(ok(cli.run("add", "-w", "--enc=json", dir.resolve("one").toString()))).getLast();
        assertThat(wrapped.path("Name").asText()).isEmpty();
    }

    @Test
    void keyListNameResolveAndBootstrapList() throws Exception {
        String blog = ok(cli.run("key", "gen", "blog")).strip();
        JsonNode keys = one(cli.run("--enc=json", "key", "list")).path("Keys");
        assertThat(keys).hasSize(2);
        assertThat(names(keys.get(0))).containsExactly("Name", "Id");
        assertThat(keys.get(0).path("Name").asText()).isEqualTo("self");
        assertThat(keys.get(0).path("Id").asText()).startsWith("k51");
        assertThat(keys.get(1).path("Name").asText()).isEqualTo("blog");
        assertThat(keys.get(1).path("Id").asText()).isEqualTo(blog);
        assertThat(one(cli.run("key", "list", "-l", "--enc=json")).path("Keys")).isEqualTo(keys);

        String cid = add("named content");
        ok(cli.run("name", "publish", "-k", "blog", "--allow-offline", cid));
        JsonNode resolved = one(cli.run("--enc=json", "name", "resolve", blog));
        assertThat(names(resolved)).containsExactly("Path");
        assertThat(resolved.path("Path").asText()).isEqualTo("/ipfs/" + cid);

        String peerB = "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo";
        String peerA = "/ip4/127.0.0.2/tcp/4001/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp";
        assertThat(one(cli.run("--enc=json", "bootstrap", "list")).path("Peers")).isEmpty();
        ok(cli.run("bootstrap", "add", peerB, peerA));
        JsonNode peers = one(cli.run("bootstrap", "list", "--enc=json"));
        assertThat(names(peers)).containsExactly("Peers");
        assertThat(peers.path("Peers")).hasSize(2);
        assertThat(List.of(peers.path("Peers").get(0).asText(), peers.path("Peers").get(1).asText()))
                .containsExactlyInAnyOrder(peerA, peerB);
        assertThat(one(cli.run("--enc=json", "bootstrap"))).isEqualTo(peers);
    }

    @Test
    void filesLsAndStat() throws Exception {
        ok(cli.run("files", "mkdir", "/docs"));
        ok(cli.run("hello".getBytes(StandardCharsets.UTF_8), "files", "write", "-e", "/docs/a.txt"));
        JsonNode entries = one(cli.run("--enc=json", "files", "ls", "/docs", "-l")).path("Entries");
        assertThat(entries).hasSize(1);
        JsonNode a = entries.get(0);
        assertThat(names(a)).containsExactly("Name", "Type", "Size", "Hash");
        assertThat(a.path("Name").asText()).isEqualTo("a.txt");
        assertThat(a.path("Type").asInt()).isZero();
        assertThat(a.path("Size").asLong()).isEqualTo(5);
        assertThat(ok(cli.run("files", "ls", "-l", "/docs"))).isEqualTo("a.txt\t" + a.path("Hash").asText() + "\t5\n");
        JsonNode top = one(cli.run("files", "ls", "--enc=json")).path("Entries");
        // without -l, names only (as the RPC: Type 0, Size 0, Hash empty)
        assertThat(top.get(0).path("Name").asText()).isEqualTo("docs");
        assertThat(top.get(0).path("Type").asInt()).isZero();
        assertThat(top.get(0).path("Hash").asText()).isEmpty();
        assertThat(one(cli.run("files", "ls", "-l", "--enc=json")).path("Entries").get(0).path("Type").asInt()).isEqualTo(1);

        JsonNode s = one(cli.run("--enc=json", "files", "stat", "/docs/a.txt"));
        assertThat(names(s)).startsWith("Hash", "Size", "CumulativeSize", "Blocks", "Type");
        assertThat(s.path("Hash").asText()).isEqualTo(a.path("Hash").asText());
        assertThat(s.path("Size").asLong()).isEqualTo(5);
        assertThat(s.path("Type").asText()).isEqualTo("file");
        assertThat(s.path("Blocks").asInt()).isZero();
        assertThat(ok(cli.run("files", "stat", "--hash", "/docs/a.txt")).strip()).isEqualTo(s.path("Hash").asText());
        assertThat(one(cli.run("files", "stat", "--hash", "/docs/a.txt", "--enc=json"))).as("formats shape text only")
                .isEqualTo(s);
        JsonNode local = one(cli.run("--enc=json", "files", "stat", "--with-local", "/docs"));
        assertThat(local.path("Type").asText()).isEqualTo("directory");
        assertThat(local.path("WithLocality").asBoolean()).isTrue();
        assertThat(local.path("Local").asBoolean()).isTrue();
        assertThat(local.path("SizeLocal").asLong()).isEqualTo(local.path("CumulativeSize").asLong());
    }

    @Test
    void theGlobalOptionIsNotRepeatedUnderEachCommand() {
        List<String> flags = ok(cli.run("commands", "--flags")).lines().toList();
        assertThat(flags).contains("ferry pin ls --stream / ferry pin ls -s");
        assertThat(flags).noneMatch(l -> l.contains("--enc"));
    }
}
