package dev.ferry.exchange.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.bitswap.testing.BitswapNode;
import dev.ferry.exchange.bitswap.testing.HeliaPeer;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Helia 7 fetching over Bitswap a tree ferry added with {@code --inline}: identity-CID files and directories are
 * read from their CIDs, the other blocks come from ferry, which never stored (nor sends) the inlined ones.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BitswapInlineHeliaInteropTest {
    private final TestHosts hosts = new TestHosts();
    private final List<AutoCloseable> open = new ArrayList<>();
    private HeliaPeer helia;
    private Path tree;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        helia = new HeliaPeer();
        open.add(helia);
        tree = dir.resolve("site");
        Files.createDirectories(tree.resolve("sub"));
        Files.createDirectories(tree.resolve("tiny"));
        Files.writeString(tree.resolve("a.txt"), "hi\n");
        Files.writeString(tree.resolve("tiny/c"), "z");
        Files.writeString(tree.resolve("sub/b"), "y");
        byte[] big = new byte[700_000];
        new Random(5).nextBytes(big);
        Files.write(tree.resolve("sub/big.bin"), big);
        Files.write(tree.resolve("empty"), new byte[0]);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        hosts.close();
    }

    @Test
    void heliaFetchesAnInlinedTreeWithCidV0AndV1() throws Exception {
        BitswapNode f = new BitswapNode(hosts, BitswapConfig.defaults());
        open.add(f);
        ImportOptions inline = ImportOptions.kuboDefaults().withInlineLimit(ImportOptions.DEFAULT_INLINE_LIMIT);
        Cid v0 = new UnixfsImporter(f.store, inline).importPath(tree).cid();
        Cid v1 = new UnixfsImporter(f.store, inline.withCidVersion(1)).importPath(tree).cid();
        Cid tiny = new UnixfsImporter(f.store, inline).importPath(tree.resolve("tiny")).cid();
        assertThat(tiny.isIdentity()).isTrue();
        helia.call("connect " + TestHosts.dialable(f.host), 20);
        assertThat(parseTree(helia.callMany("tree " + v0, 30))).isEqualTo(expectedTree(tree));
        assertThat(parseTree(helia.callMany("tree " + v1, 30))).isEqualTo(expectedTree(tree));
        assertThat(parseTree(helia.callMany("tree " + tiny, 30))).isEqualTo(expectedTree(tree.resolve("tiny")));
        // the blocks sent: no identity block among them (Helia never asks for one)
        assertThat(f.bitswap.stats().blocksSent()).isGreaterThan(4);
    }

    private static TreeMap<String, String> expectedTree(Path root) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(BitswapNode.sha256(Files.readAllBytes(p))));
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
}
