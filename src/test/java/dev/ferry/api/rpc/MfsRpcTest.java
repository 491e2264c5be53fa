package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.net.host.TestHosts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's files/* over HTTP against a real node: shapes, statuses, persistence, GC and fetching from a peer. */
@Timeout(120)
class MfsRpcTest {
    @TempDir
    Path tmp;

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static byte[] body(byte[] data) {
        return new RpcTestNode.Multipart().file("data", data).build();
    }

    private static String write(RpcTestNode n, String path, String options, byte[] data) throws Exception {
        var res = n.postMultipart("files/write", "arg=" + q(path) + (options.isEmpty() ? "" : "&" + options), body(data));
        return res.statusCode() + " " + RpcTestNode.text(res);
    }

    private static String read(RpcTestNode n, String path, String options) throws Exception {
        var res = n.post("files/read", "arg=" + q(path) + (options.isEmpty() ? "" : "&" + options));
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.text(res);
    }

    @Test
    void filesCommandsInKubosShapes() throws Exception {
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("n"))) {
            JsonNode root = RpcTestNode.json(n.post("files/stat", "arg=/"));
            assertThat(root.get("Hash").asText()).isEqualTo("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
            assertThat(root.get("Type").asText()).isEqualTo("directory");

            assertThat(write(n, "/docs/a.txt", "create=true&parents=true", "hello mfs".getBytes())).isEqualTo("200 ");
            assertThat(read(n, "/docs/a.txt", "")).isEqualTo("hello mfs");
            assertThat(read(n, "/docs/a.txt", "offset=6&count=2")).isEqualTo("mf");
            assertThat(write(n, "/docs/a.txt", "offset=6", "MF".getBytes())).startsWith("200");
            assertThat(read(n, "/docs/a.txt", "")).isEqualTo("hello MFs");
            assertThat(write(n, "/docs/a.txt", "truncate=true", "new".getBytes())).startsWith("200");
            assertThat(read(n, "/docs/a.txt", "")).isEqualTo("new");
            assertThat(write(n, "/missing", "", "x".getBytes())).startsWith("500").contains("does not exist");
            assertThat(write(n, "relative", "create=true", "x".getBytes())).startsWith("400");
            assertThat(write(n, "/x", "create=true&cid-version=7", "x".getBytes())).startsWith("400");
            assertThat(write(n, "/x", "create=true&hash=sha1", "x".getBytes())).startsWith("400").contains("insecure");
            assertThat(write(n, "/x", "create=true&mode=0644", "x".getBytes())).startsWith("400").contains("mode");

            assertThat(n.post("files/mkdir", "arg=/docs/sub").statusCode()).isEqualTo(200);
            assertThat(n.post("files/mkdir", "arg=/docs/sub").statusCode()).isEqualTo(500);
            assertThat(n.post("files/mkdir", "arg=/docs/sub&parents=true").statusCode()).isEqualTo(200);
            assertThat(n.post("files/mkdir", "arg=/v1&cid-version=1").statusCode()).isEqualTo(200);
            assertThat(RpcTestNode.json(n.post("files/stat", "arg=/v1")).get("Hash").asText()).startsWith("bafy");

            JsonNode longLs = RpcTestNode.json(n.post("files/ls", "arg=/docs&long=true"));
            assertThat(longLs.get("Entries")).hasSize(2);
            JsonNode a = longLs.get("Entries").get(0);
            assertThat(a.get("Name").asText()).isEqualTo("a.txt");
            assertThat(a.get("Type").asInt()).isZero();
            assertThat(a.get("Size").asLong()).isEqualTo(3);
            assertThat(a.get("Hash").asText()).startsWith("Qm");
            assertThat(longLs.get("Entries").get(1).get("Type").asInt()).isEqualTo(1);
            JsonNode shortLs = RpcTestNode.json(n.post("files/ls", "arg=/docs"));
            assertThat(shortLs.get("Entries").get(0).get("Hash").asText()).isEmpty();
            assertThat(RpcTestNode.json(n.post("files/ls", "")).get("Entries")).hasSize(2); // "/" by default

            // content added elsewhere goes in with cp, by /ipfs/ path; stat and ls take such paths too
            String added = RpcTestNode.json(n.postMultipart("add", "pin=false",
                    new RpcTestNode.Multipart().file("f", "added content".getBytes()).build())).get("Hash").asText();
            assertThat(n.post("files/cp", "arg=/ipfs/" + added + "&arg=/docs/").statusCode()).isEqualTo(200);
            assertThat(read(n, "/docs/" + added, "")).isEqualTo("added content");
            assertThat(n.post("files/cp", "arg=/docs/a.txt&arg=/copy.txt").statusCode()).isEqualTo(200);
            assertThat(read(n, "/copy.txt", "")).isEqualTo("new");
            assertThat(RpcTestNode.json(n.post("files/stat", "arg=/ipfs/" + added)).get("Size").asLong()).isEqualTo(13);
            assertThat(RpcTestNode.json(n.post("files/ls", "arg=/ipfs/" + added + "&long=true"))
                    .get("Entries").get(0).get("Name").asText()).isEqualTo(added);
            var dup = n.post("files/cp", "arg=/docs/a.txt&arg=/copy.txt");
            assertThat(dup.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.text(dup)).contains("already has entry");

            assertThat(n.post("files/mv", "arg=/copy.txt&arg=/docs/sub").statusCode()).isEqualTo(200);
            assertThat(read(n, "/docs/sub/copy.txt", "")).isEqualTo("new");
            assertThat(n.post("files/rm", "arg=/docs").statusCode()).isEqualTo(500);
            var rm = n.post("files/rm", "arg=/docs/sub/copy.txt");
            assertThat(rm.statusCode()).isEqualTo(200);
            assertThat(rm.body()).isEmpty(); // kubo-rpc-client takes any body as an error
            assertThat(n.post("files/rm", "arg=/nothing&force=true").statusCode()).isEqualTo(200);

            JsonNode flushed = RpcTestNode.json(n.post("files/flush", ""));
            JsonNode stat = RpcTestNode.json(n.post("files/stat", "arg=/"));
            assertThat(flushed.get("Cid").asText()).isEqualTo(stat.get("Hash").asText());
            assertThat(n.post("files/chcid", "arg=/&cid-version=1").statusCode()).isEqualTo(200);
            assertThat(RpcTestNode.json(n.post("files/flush", "arg=/")).get("Cid").asText()).startsWith("bafy");

            JsonNode local = RpcTestNode.json(n.post("files/stat", "arg=/docs&with-local=true"));
            assertThat(local.get("WithLocality").asBoolean()).isTrue();
            assertThat(local.get("Local").asBoolean()).isTrue();
            assertThat(local.get("SizeLocal").asLong()).isEqualTo(local.get("CumulativeSize").asLong());
            assertThat(n.post("files/stat", "arg=/&hash=true&size=true").statusCode()).isEqualTo(400);
        }
    }

    /** MFS content survives a GC without being pinned, goes once removed, and the root survives a restart. */
    @Test
    void theMfsRootIsAGcRootAndPersists() throws Exception {
        byte[] big = new byte[700_000];
        new Random(3).nextBytes(big);
        String root;
        try (RpcTestNode n = RpcTestNode.start(tmp.resolve("gc"))) {
            assertThat(write(n, "/keep/big", "create=true&parents=true", big)).startsWith("200");
            assertThat(write(n, "/gone", "create=true", "temporary".getBytes())).startsWith("200");
            String gone = RpcTestNode.json(n.post("files/stat", "arg=/gone")).get("Hash").asText();
            n.post("repo/gc", "");
            JsonNode all = RpcTestNode.json(n.post("files/stat", "arg=/&with-local=true"));
            assertThat(all.get("Local").asBoolean()).isTrue();
            assertThat(n.post("files/rm", "arg=/gone").statusCode()).isEqualTo(200);
            List<Object> removed = new ArrayList<>(); // the store lists blocks by multihash, as raw CIDv1
            for (JsonNode line : RpcTestNode.ndjson(n.post("repo/gc", ""))) {
                removed.add(dev.ferry.multiformats.Cid.parse(line.get("Key").get("/").asText()).multihash());
            }
            assertThat(removed).contains(dev.ferry.multiformats.Cid.parse(gone).multihash());
            root = RpcTestNode.json(n.post("files/stat", "arg=/")).get("Hash").asText();
            assertThat(RpcTestNode.json(n.post("repo/verify", "")).toString()).doesNotContain("corrupt");
        }
        try (RpcTestNode again = RpcTestNode.restart(tmp.resolve("gc"))) {
            assertThat(RpcTestNode.json(again.post("files/stat", "arg=/")).get("Hash").asText()).isEqualTo(root);
            var res = again.post("files/read", "arg=/keep/big");
            assertThat(res.body()).isEqualTo(big);
            // a block of MFS content gone from the store: reported, and no reason for a collection to fail
            String leaf = RpcTestNode.json(again.postMultipart("add", "only-hash=true",
                    new RpcTestNode.Multipart().file("f", java.util.Arrays.copyOf(big, 262_144)).build()))
                    .get("Hash").asText();
            assertThat(again.post("block/rm", "arg=" + leaf).statusCode()).isEqualTo(200);
            JsonNode partial = RpcTestNode.json(again.post("files/stat", "arg=/keep&with-local=true"));
            assertThat(partial.has("Local")).as("false is left out, as Kubo's omitempty").isFalse();
            assertThat(partial.get("WithLocality").asBoolean()).isTrue();
            assertThat(partial.get("SizeLocal").asLong()).isLessThan(partial.get("CumulativeSize").asLong() - 262_144);
            assertThat(again.post("repo/gc", "").statusCode()).isEqualTo(200);
            assertThat(RpcTestNode.json(again.post("files/stat", "arg=/keep/big")).get("Size").asLong())
                    .isEqualTo(big.length);
        }
    }

    /** flush=false batches changes: the saved root moves only at a flush, or when the node shuts down. */
    @Test
    void unflushedChangesAreSavedByFlushOrShutdown() throws Exception {
        Path dir = tmp.resolve("batch");
        Path rootFile = dir.resolve(dev.ferry.node.repo.FilesRootFile.FILE);
        try (RpcTestNode n = RpcTestNode.start(dir)) {
            assertThat(write(n, "/first", "create=true", "1".getBytes())).startsWith("200");
            String saved = java.nio.file.Files.readString(rootFile).strip();
            assertThat(write(n, "/second", "create=true&flush=false", "2".getBytes())).startsWith("200");
            assertThat(n.post("files/mkdir", "arg=/dir&flush=false").statusCode()).isEqualTo(200);
            assertThat(read(n, "/second", "")).isEqualTo("2");
            assertThat(java.nio.file.Files.readString(rootFile).strip()).isEqualTo(saved);
            String flushed = RpcTestNode.json(n.post("files/flush", "")).get("Cid").asText();
            assertThat(java.nio.file.Files.readString(rootFile).strip()).isEqualTo(flushed).isNotEqualTo(saved);
            assertThat(n.post("files/rm", "arg=/first&flush=false").statusCode()).isEqualTo(200);
        }
        try (RpcTestNode again = RpcTestNode.restart(dir)) {
            JsonNode ls = RpcTestNode.json(again.post("files/ls", ""));
            assertThat(ls.get("Entries").toString()).contains("second").contains("dir").doesNotContain("first");
        }
    }

    /** files/chmod and files/touch, and the Mode and Mtime of files/stat in Kubo's JSON; kept across a restart. */
    @Test
    void chmodTouchAndStatInKubosShapes() throws Exception {
        Path dir = tmp.resolve("meta");
        try (RpcTestNode n = RpcTestNode.start(dir)) {
            assertThat(write(n, "/d/f", "create=true&parents=true", "metadata".getBytes())).startsWith("200");
            JsonNode plain = RpcTestNode.json(n.post("files/stat", "arg=/d/f"));
            assertThat(plain.has("Mode")).isFalse();
            assertThat(plain.has("Mtime")).isFalse();
            assertThat(plain.has("MtimeNsecs")).isFalse();

            var chmod = n.post("files/chmod", "arg=0644&arg=/d/f");
            assertThat(chmod.statusCode()).as(RpcTestNode.text(chmod)).isEqualTo(200);
            assertThat(chmod.body()).isEmpty();
            JsonNode st = RpcTestNode.json(n.post("files/stat", "arg=/d/f"));
            assertThat(st.get("Mode").asText()).isEqualTo("0644");
            assertThat(st.get("Size").asLong()).isEqualTo(8);
            assertThat(n.post("files/touch", "arg=/d/f&mtime=1630937926&mtime-nsecs=5").statusCode()).isEqualTo(200);
            st = RpcTestNode.json(n.post("files/stat", "arg=/d/f"));
            List<String> keys = new ArrayList<>();
            st.fieldNames().forEachRemaining(keys::add);
            assertThat(keys).containsExactly("Hash", "Size", "CumulativeSize", "Blocks", "Type", "Mtime", "MtimeNsecs",
                    "Mode");
            assertThat(st.get("Mtime").asLong()).isEqualTo(1630937926L);
            assertThat(st.get("MtimeNsecs").asInt()).isEqualTo(5);
            assertThat(read(n, "/d/f", "")).isEqualTo("metadata");

            // a directory's mode carries Go's directory bit, as Kubo's; touch without mtime is now
            assertThat(n.post("files/chmod", "arg=0o755&arg=/d&flush=false").statusCode()).isEqualTo(200);
            long before = System.currentTimeMillis() / 1000;
            assertThat(n.post("files/touch", "arg=/d&flush=false").statusCode()).isEqualTo(200);
            JsonNode d = RpcTestNode.json(n.post("files/stat", "arg=/d"));
            assertThat(d.get("Mode").asText()).isEqualTo("20000000755");
            assertThat(d.get("Mtime").asLong()).isBetween(before, System.currentTimeMillis() / 1000 + 1);

            var bad = n.post("files/chmod", "arg=u%2Bx&arg=/d/f");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.text(bad)).contains("octal");
            assertThat(RpcTestNode.text(n.post("files/chmod", "arg=17777&arg=/d/f"))).contains("above 7777");
            assertThat(n.post("files/chmod", "arg=0644").statusCode()).isEqualTo(400);
            var missing = n.post("files/chmod", "arg=0644&arg=/nope");
            assertThat(missing.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.text(missing)).contains("does not exist");
            var nanos = n.post("files/touch", "arg=/d/f&mtime=1&mtime-nsecs=1000000000");
            assertThat(nanos.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.text(nanos)).contains("mtime-nsecs");
            assertThat(n.post("files/touch", "arg=/d/f&mtime=soon").statusCode()).isEqualTo(400);
        }
        try (RpcTestNode again = RpcTestNode.restart(dir)) { // the unflushed changes were saved at shutdown
            assertThat(RpcTestNode.json(again.post("files/stat", "arg=/d")).get("Mode").asText())
                    .isEqualTo("20000000755");
            assertThat(RpcTestNode.json(again.post("files/stat", "arg=/d/f")).get("Mode").asText()).isEqualTo("0644");
        }
    }

    /** Content copied in by CID from a peer is fetched, verified, when it is read. */
    @Test
    void copiedContentIsFetchedFromPeersWhenRead() throws Exception {
        byte[] data = new byte[600_000];
        new Random(9).nextBytes(data);
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a")); RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            String cid = RpcTestNode.json(a.postMultipart("add", "",
                    new RpcTestNode.Multipart().file("f", data).build())).get("Hash").asText();
            b.node.host().connect(TestHosts.dialable(a.node.host()));
            assertThat(b.post("files/cp", "arg=/ipfs/" + cid + "&arg=/remote.bin").statusCode()).isEqualTo(200);
            assertThat(b.post("files/read", "arg=/remote.bin").body()).isEqualTo(data);
            assertThat(RpcTestNode.json(b.post("files/stat", "arg=/remote.bin&with-local=true")).get("Local")
                    .asBoolean()).isTrue();
        }
    }
}
