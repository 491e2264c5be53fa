package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code add hash}, {@code block/put mhtype mhlen}, {@code dag/put hash} and the files commands' {@code hash}. */
@Timeout(120)
class HashFunctionRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode n;
    static final byte[] HELLO = "hello, world!".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        n = RpcTestNode.start(tmp.resolve("repo"));
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    private static HttpResponse<byte[]> put(String path, String query, byte[] data) throws Exception {
        return n.postMultipart(path, query, new RpcTestNode.Multipart().file("f", data).build());
    }

    private static String error(HttpResponse<byte[]> res) throws Exception {
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(400);
        return RpcTestNode.json(res).get("Message").asText();
    }

    private static String stat(String path) throws Exception {
        var res = n.post("files/stat", "arg=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
        assertThat(res.statusCode()).as(RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.json(res).get("Hash").asText();
    }

    private static String functionOf(String cid) {
        return HashFunction.byCode(Cid.parse(cid).multihash().code()).orElseThrow().functionName();
    }

    @Test
    void addWithAnotherHashMakesCidv1AsKubo() throws Exception {
        // Kubo's coreiface test addCidSha3: one raw leaf, CIDv1 implied
        JsonNode line = RpcTestNode.ndjson(put("add", "hash=sha3-256&pin=false", HELLO)).getFirst();
        assertThat(line.get("Hash").asText()).isEqualTo("bafkrmichjflejeh6aren53o7pig7zk3m3vxqcoc2i5dv326k3x6obh7jry");
        // dag-pb leaves and a bigger file: the same CIDs as the local importer makes
        byte[] big = new byte[700_000];
        new java.util.Random(7).nextBytes(big);
        for (String h : new String[] {"sha2-512", "blake2b-256", "blake3"}) {
            String rpc = RpcTestNode.ndjson(put("add", "hash=" + h + "&raw-leaves=false&pin=false", big)).getFirst()
                    .get("Hash").asText();
            HashFunction f = HashFunction.named(h);
            Cid local = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults().withCidVersion(1)
                    .withHashFunction(f).withRawLeaves(false)).importStream(new ByteArrayInputStream(big), "f").cid();
            assertThat(rpc).as(h).isEqualTo(local.toString());
            assertThat(functionOf(rpc)).isEqualTo(h);
            // stored and readable back
            assertThat(n.post("cat", "arg=" + rpc).body()).isEqualTo(big);
        }
        // explicitly sha2-256: CIDv0, as without the option
        assertThat(RpcTestNode.ndjson(put("add", "hash=sha2-256&pin=false", HELLO)).getFirst().get("Hash").asText())
                .startsWith("Qm");
    }

    @Test
    void addRefusesWhatKuboRefuses() throws Exception {
        assertThat(error(put("add", "hash=sha3-256&cid-version=0", HELLO))).isEqualTo("CIDv0 only supports sha2-256");
        assertThat(error(put("add", "hash=nope", HELLO))).isEqualTo("unrecognized hash function: \"nope\"");
        assertThat(error(put("add", "hash=sha1", HELLO))).isEqualTo(HashFunction.INSECURE + ": sha1");
        assertThat(error(put("add", "hash=md5", HELLO))).isEqualTo(HashFunction.INSECURE + ": md5");
    }

    @Test
    void importHashFunctionConfigIsTheDefault() throws Exception {
        assertThat(n.post("config", "arg=Import.HashFunction&arg=blake2b-256").statusCode()).isEqualTo(200);
        try {
            String cid = RpcTestNode.ndjson(put("add", "pin=false", HELLO)).getFirst().get("Hash").asText();
            assertThat(cid).isEqualTo(Cid.of(1, Multicodec.RAW.code(), HashFunction.BLAKE2B_256, HELLO).toString());
            // the option wins over the config
            assertThat(RpcTestNode.ndjson(put("add", "pin=false&hash=sha2-256", HELLO)).getFirst().get("Hash")
                    .asText()).startsWith("Qm");
        } finally {
            assertThat(n.post("config", "arg=Import.HashFunction&arg=sha2-256").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void blockPutMhtypeAndMhlen() throws Exception {
        JsonNode sha3 = RpcTestNode.json(put("block/put", "mhtype=sha3-256", HELLO));
        assertThat(sha3.get("Key").asText()).isEqualTo("bafkrmichjflejeh6aren53o7pig7zk3m3vxqcoc2i5dv326k3x6obh7jry");
        assertThat(n.post("block/get", "arg=" + sha3.get("Key").asText()).body()).isEqualTo(HELLO);
        // truncated: the first 20 bytes of the sha2-512 digest
        Cid truncated = Cid.parse(RpcTestNode.json(put("block/put", "mhtype=sha2-512&mhlen=20", HELLO)).get("Key")
                .asText());
        assertThat(truncated.multihash().digest())
                .isEqualTo(Arrays.copyOf(HashFunction.SHA2_512.hash(HELLO).digest(), 20));
        assertThat(n.post("block/get", "arg=" + truncated).body()).isEqualTo(HELLO);
        // -1 is the function's own length; blake3 extends
        assertThat(Cid.parse(RpcTestNode.json(put("block/put", "mhtype=blake3&mhlen=-1", HELLO)).get("Key").asText())
                .multihash().digestLength()).isEqualTo(32);
        assertThat(Cid.parse(RpcTestNode.json(put("block/put", "mhtype=blake3&mhlen=64", HELLO)).get("Key").asText())
                .multihash().digestLength()).isEqualTo(64);
        assertThat(error(put("block/put", "mhtype=sha2-256&mhlen=10", HELLO)))
                .isEqualTo("hashes must be at least 20 bytes long");
        assertThat(error(put("block/put", "mhtype=sha2-256&mhlen=33", HELLO)))
                .contains("requested length was too large for digest");
        assertThat(error(put("block/put", "mhtype=sha1", HELLO))).isEqualTo(HashFunction.INSECURE + ": sha1");
        assertThat(error(put("block/put", "mhtype=sha3-256&format=v0", HELLO))).contains("CIDv0");
        assertThat(error(put("block/put", "mhtype=x", HELLO))).isEqualTo("unrecognized hash function: \"x\"");
    }

    @Test
    void dagPutHash() throws Exception {
        byte[] node = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        JsonNode out = RpcTestNode.json(put("dag/put", "hash=blake2b-256", node));
        String cid = out.get("Cid").get("/").asText();
        assertThat(Cid.parse(cid)).isEqualTo(Cid.of(1, Multicodec.DAG_CBOR.code(), HashFunction.BLAKE2B_256,
                dev.ferry.dag.cbor.DagCbor.encode(dev.ferry.dag.json.DagJson.decode(node))));
        assertThat(RpcTestNode.text(n.post("dag/get", "arg=" + cid))).isEqualTo("{\"a\":1}");
        assertThat(error(put("dag/put", "hash=sha1", node))).isEqualTo(HashFunction.INSECURE + ": sha1");
        assertThat(error(put("dag/put", "hash=what", node))).isEqualTo("unrecognized hash function: \"what\"");
    }

    @Test
    void filesHashIsInheritedByNewEntries() throws Exception {
        assertThat(n.post("files/mkdir", "arg=/h3&hash=sha3-256").statusCode()).isEqualTo(200);
        String dir = stat("/h3");
        assertThat(Cid.parse(dir).version()).isEqualTo(1);
        assertThat(functionOf(dir)).isEqualTo("sha3-256");
        // a file and a directory made inside take the directory's function (and its CID version)
        assertThat(put("files/write", "arg=/h3/f&create=true", HELLO).statusCode()).isEqualTo(200);
        assertThat(stat("/h3/f")).isEqualTo("bafkrmichjflejeh6aren53o7pig7zk3m3vxqcoc2i5dv326k3x6obh7jry");
        assertThat(n.post("files/mkdir", "arg=/h3/sub/deeper&parents=true").statusCode()).isEqualTo(200);
        assertThat(functionOf(stat("/h3/sub"))).isEqualTo("sha3-256");
        assertThat(functionOf(stat("/h3/sub/deeper"))).isEqualTo("sha3-256");
        // writing the file again keeps its function; --hash and --cid-version alone say otherwise
        assertThat(put("files/write", "arg=/h3/f&truncate=true", HELLO).statusCode()).isEqualTo(200);
        assertThat(functionOf(stat("/h3/f"))).isEqualTo("sha3-256");
        assertThat(put("files/write", "arg=/h3/g&create=true&hash=blake2b-256", HELLO).statusCode()).isEqualTo(200);
        assertThat(functionOf(stat("/h3/g"))).isEqualTo("blake2b-256");
        assertThat(put("files/write", "arg=/h3/v1&create=true&cid-version=1", HELLO).statusCode()).isEqualTo(200);
        assertThat(functionOf(stat("/h3/v1"))).isEqualTo("sha2-256");
        // the parent directories above stay as they were (the root: CIDv0 sha2-256)
        assertThat(stat("/")).startsWith("Qm");
        // chcid: the directory's own node changes, its entries keep theirs
        assertThat(n.post("files/chcid", "arg=/h3&hash=blake2b-256").statusCode()).isEqualTo(200);
        assertThat(functionOf(stat("/h3"))).isEqualTo("blake2b-256");
        assertThat(functionOf(stat("/h3/sub"))).isEqualTo("sha3-256");
        assertThat(n.post("files/chcid", "arg=/h3&cid-version=0").statusCode()).isEqualTo(200);
        assertThat(stat("/h3")).startsWith("Qm");
        // a hash with version 0 is CIDv1 (Kubo's MFS rule)
        assertThat(n.post("files/mkdir", "arg=/v0h&hash=sha2-512&cid-version=0").statusCode()).isEqualTo(200);
        assertThat(Cid.parse(stat("/v0h")).version()).isEqualTo(1);
        assertThat(error(n.post("files/mkdir", "arg=/bad&hash=nope"))).isEqualTo("unrecognized hash function: \"nope\"");
        assertThat(error(n.post("files/mkdir", "arg=/bad&hash=sha1"))).isEqualTo(HashFunction.INSECURE + ": sha1");
    }
}
