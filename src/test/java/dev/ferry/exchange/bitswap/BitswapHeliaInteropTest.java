package dev.ferry.exchange.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.MetadataOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.bitswap.client.BitswapSession;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.bitswap.testing.HeliaPeer;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ferry and Helia 7 (@helia/bitswap 4, /ipfs/bitswap/1.2.0 only) exchanging files both ways. */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BitswapHeliaInteropTest {
    private static final Duration IDLE = Duration.ofSeconds(30);
    private final TestHosts hosts = new TestHosts();
    private final List<AutoCloseable> open = new ArrayList<>();
    @TempDir
    Path tmp;
    private HeliaPeer helia1;
    private HeliaPeer helia2;
    private Path bigFile;
    private Path tree;

    @BeforeAll
    void startPeers(@TempDir Path dir) throws Exception {
        helia1 = new HeliaPeer();
        open.add(helia1);
        helia2 = new HeliaPeer();
        open.add(helia2);
        bigFile = dir.resolve("big.bin");
        Files.write(bigFile, random(64 << 20, 11));
        tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.write(tree.resolve("a.txt"), "hello world\n".getBytes());
        Files.write(tree.resolve("sub/b.bin"), random(700_000, 12));
        Files.write(tree.resolve("sub/deeper/c.bin"), random(300_000, 13));
        Files.write(tree.resolve("sub/empty"), new byte[0]);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        hosts.close();
    }

    private BitswapNode ferry() throws IOException {
        BitswapNode n = new BitswapNode(hosts, BitswapConfig.defaults());
        open.add(n);
        return n;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(BitswapNode.sha256(data));
    }

    private TreeMap<String, String> expectedTree() throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(tree.relativize(p).toString(), sha256Hex(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private static TreeMap<String, String> parseTree(List<String> lines) {
        TreeMap<String, String> m = new TreeMap<>();
        for (String l : lines) {
            String[] w = l.split(" ");
            m.put(w[1], w[2]);
        }
        return m;
    }

    private static String dialable(BitswapNode n) {
        return TestHosts.dialable(n.host).toString();
    }

    @Test
    void heliaFetchesAFileAndATreeAddedOnFerry() throws Exception {
        BitswapNode f = ferry();
        Cid file = new UnixfsImporter(f.store, ImportOptions.kuboDefaults()).importPath(bigFile).cid(); // CIDv0
        Cid dir = new UnixfsImporter(f.store, ImportOptions.kuboDefaults().withCidVersion(1)).importPath(tree).cid();
        assertThat(file.version()).isZero();
        helia1.call("connect " + dialable(f), 20);
        String cat = helia1.call("cat " + file, 60);
        assertThat(cat).isEqualTo("cat " + sha256Hex(Files.readAllBytes(bigFile)) + " " + (64 << 20));
        assertThat(parseTree(helia1.callMany("tree " + dir, 30))).isEqualTo(expectedTree());
        assertThat(f.bitswap.stats().blocksSent()).isGreaterThan(256);
        assertThat(f.bitswap.stats().perPeer()).isNotEmpty();
    }

    @Test
    void heliaFetchesContentFerryHashedWithSha3AndBlake2b() throws Exception {
        BitswapNode f = ferry();
        Cid file = new UnixfsImporter(f.store, ImportOptions.kuboDefaults().withCidVersion(1)
                .withHashFunction(dev.ferry.multiformats.HashFunction.SHA3_256)).importPath(bigFile).cid();
        Cid dir = new UnixfsImporter(f.store, ImportOptions.kuboDefaults().withCidVersion(1).withRawLeaves(false)
                .withHashFunction(dev.ferry.multiformats.HashFunction.BLAKE2B_256)).importPath(tree).cid();
        assertThat(file.multihash().code()).isEqualTo(0x16);
        assertThat(dir.multihash().code()).isEqualTo(0xb220);
        helia1.call("connect " + dialable(f), 20);
        assertThat(helia1.call("cat " + file, 60))
                .isEqualTo("cat " + sha256Hex(Files.readAllBytes(bigFile)) + " " + (64 << 20));
        assertThat(parseTree(helia1.callMany("tree " + dir, 30))).isEqualTo(expectedTree());
        assertThat(f.bitswap.stats().blocksSent()).isGreaterThan(256);
    }

    @Test
    void heliaReadsTheModesAndTimesFerryPreserved() throws Exception {
        Path meta = tmp.resolve("meta");
        Files.createDirectories(meta.resolve("sub"));
        Files.write(meta.resolve("sub/run"), random(600_000, 14));
        Files.write(meta.resolve("note"), "note\n".getBytes());
        stamp(meta.resolve("sub/run"), "rwxr-x---", 1_500_000_000L, 250_000_000);
        stamp(meta.resolve("note"), "rw-r--r--", 1_400_000_000L, 0);
        stamp(meta.resolve("sub"), "rwx------", 1_300_000_000L, 9);
        stamp(meta, "rwxr-xr-x", 1_200_000_000L, 0);
        TreeMap<String, String> expected = new TreeMap<>();
        try (Stream<Path> all = Files.walk(meta)) {
            for (Path p : all.toList()) {
                String rel = meta.equals(p) ? "." : meta.relativize(p).toString();
                int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                Instant t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                expected.put(rel, (Files.isDirectory(p) ? "directory " : "file ") + Integer.toOctalString(mode) + " "
                        + t.getEpochSecond() + "." + t.getNano());
            }
        }
        BitswapNode f = ferry();
        Cid dir = new UnixfsImporter(f.store, ImportOptions.kuboDefaults().withCidVersion(1)
                .withMetadata(MetadataOptions.of(null, null, null, true, true))).importPath(meta).cid();
        helia1.call("connect " + dialable(f), 20);
        TreeMap<String, String> seen = new TreeMap<>();
        for (String l : helia1.callMany("meta " + dir, 30)) {
            String[] w = l.split(" ", 3);
            seen.put(w[1], w[2]);
        }
        assertThat(seen).isEqualTo(expected);
    }

    private static void stamp(Path p, String perms, long secs, int nanos) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(secs, nanos)), null, null);
    }

    @Test
    void ferryFetchesAFileAndATreeAddedOnHelia() throws Exception {
        String v0 = helia2.call("add-file " + bigFile + " 0 false", 60).substring(6);
        String dirV1 = helia2.call("add-dir " + tree + " 1 true", 30).substring(6);
        BitswapNode f = ferry();
        f.host.connect(helia2.address);
        try (BitswapSession s = f.bitswap.client().newSession()) {
            s.fetchAll(Cid.parse(v0), IDLE);
            s.fetchAll(Cid.parse(dirV1), IDLE);
        }
        assertThat(f.sha256Of(Cid.parse(v0))).isEqualTo(BitswapNode.sha256(Files.readAllBytes(bigFile)));
        Path out = tmp.resolve("got");
        new dev.ferry.dag.unixfs.UnixfsExporter(f.store).get(Cid.parse(dirV1), out);
        TreeMap<String, String> got = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                got.put(out.relativize(p).toString(), sha256Hex(Files.readAllBytes(p)));
            }
        }
        assertThat(got).isEqualTo(expectedTree());
        assertThat(f.bitswap.stats().badBlocksReceived()).isZero();
    }

    @Test
    void ferryFetchesOneFileFromTwoHeliaPeersAtOnce() throws Exception {
        // the same bytes and options give the same CID on both
        String a = helia1.call("add-file " + bigFile + " 1 true", 60).substring(6);
        String b = helia2.call("add-file " + bigFile + " 1 true", 60).substring(6);
        assertThat(a).isEqualTo(b);
        BitswapNode f = ferry();
        f.host.connect(helia1.address);
        f.host.connect(helia2.address);
        PeerId p1 = PeerId.parse(helia1.address.valueOf("p2p").orElseThrow());
        PeerId p2 = PeerId.parse(helia2.address.valueOf("p2p").orElseThrow());
        // warm-up: one small file from each, so both are known sources before the race starts (a JS peer's first
        // answer can take longer than the whole transfer from the other one on a busy machine)
        int n = 0;
        for (HeliaPeer h : List.of(helia1, helia2)) {
            Path small = tmp.resolve("small" + n);
            Files.write(small, random(1000, 100 + n++));
            Cid c = Cid.parse(h.call("add-file " + small + " 1 true", 20).substring(6));
            PeerId id = PeerId.parse(h.address.valueOf("p2p").orElseThrow());
            try (BitswapSession s = f.bitswap.client().newSession(List.of(id))) {
                s.fetchAll(c, IDLE);
            }
        }
        Cid root = Cid.parse(a);
        try (BitswapSession s = f.bitswap.client().newSession()) {
            s.fetchAll(root, IDLE);
        }
        assertThat(f.sha256Of(root)).isEqualTo(BitswapNode.sha256(Files.readAllBytes(bigFile)));
        BitswapStats st = f.bitswap.stats();
        System.out.printf("two Helia peers served %d and %d blocks (of %d)%n", st.perPeer().get(p1).blocksReceived(),
                st.perPeer().get(p2).blocksReceived(), st.blocksReceived());
        assertThat(st.perPeer().get(p1).blocksReceived()).isPositive();
        assertThat(st.perPeer().get(p2).blocksReceived()).isPositive();
    }
}
