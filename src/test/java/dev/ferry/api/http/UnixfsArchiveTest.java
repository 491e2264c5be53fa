package dev.ferry.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.MetadataDag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each form of get's stream, read back with java.util.zip and the system's tar. */
class UnixfsArchiveTest {
    @TempDir
    Path tmp;

    MemoryBlockstore store;
    UnixfsExporter exporter;
    byte[] big;
    Cid bigFile;
    Cid tree;
    Cid link;
    Cid bigLeaf;

    @BeforeEach
    void content() throws IOException {
        store = new MemoryBlockstore();
        exporter = new UnixfsExporter(store);
        // compressible but not trivially: 700 kB over several leaves
        big = new byte[700_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("abcdefgh".charAt((i * 7 + i / 1000) % 8) + (i % 97 == 0 ? 1 : 0));
        }
        bigFile = new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(new ByteArrayInputStream(big), "big").cid();
        bigLeaf = store.cids().filter(c -> !c.equals(bigFile)).findFirst().orElseThrow();
        MetadataDag dag = new MetadataDag(store);
        link = dag.symlink("a.txt", null);
        Cid sub = dag.dir(null, null, Map.of("c.txt", dag.file("in sub", null, null)));
        tree = dag.dir(null, null, Map.of("a.txt", dag.file("hello", 0600L, null), "big.bin", bigFile,
                "sub", sub, "link", link));
    }

    private byte[] write(Cid root, String name, ArchiveOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnixfsArchive.write(exporter, name, root, options, out);
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    /** Unpacks with the system's tar into a new directory. */
    private Path untar(byte[] archive, boolean gzip) throws Exception {
        Path file = Files.createTempFile(tmp, "archive", gzip ? ".tar.gz" : ".tar");
        Files.write(file, archive);
        Path dir = Files.createTempDirectory(tmp, "x");
        Process p = new ProcessBuilder("tar", gzip ? "-xzf" : "-xf", file.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return dir;
    }

    private void assertTree(Path root) throws IOException {
        assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("hello");
        assertThat(Files.readAllBytes(root.resolve("big.bin"))).isEqualTo(big);
        assertThat(Files.readString(root.resolve("sub/c.txt"))).isEqualTo("in sub");
        assertThat(Files.readSymbolicLink(root.resolve("link")).toString()).isEqualTo("a.txt");
    }

    @Test
    void aTarAndAGzippedTarHoldTheSameEntries() throws Exception {
        byte[] tar = write(tree, "tree", ArchiveOptions.of(false, false, null));
        assertTree(untar(tar, false).resolve("tree"));
        assertThat(write(tree, "tree", ArchiveOptions.of(true, false, null))).isEqualTo(tar);

        byte[] tgz = write(tree, "tree", ArchiveOptions.of(true, true, null));
        assertThat(tgz[0] & 0xff).isEqualTo(0x1f);
        assertThat(tgz[1] & 0xff).isEqualTo(0x8b);
        assertThat(gunzip(tgz)).isEqualTo(tar);
        assertTree(untar(tgz, true).resolve("tree"));
    }

    @Test
    void theLevelIsTheDeflateLevel() throws Exception {
        byte[] tar = write(tree, "tree", ArchiveOptions.of(false, false, null));
        byte[] fast = write(tree, "tree", ArchiveOptions.of(true, true, 1L));
        byte[] dflt = write(tree, "tree", ArchiveOptions.of(true, true, null));
        byte[] six = write(tree, "tree", ArchiveOptions.of(true, true, 6L));
        byte[] best = write(tree, "tree", ArchiveOptions.of(true, true, 9L));
        assertThat(gunzip(fast)).isEqualTo(tar);
        assertThat(gunzip(best)).isEqualTo(tar);
        assertThat(dflt).isEqualTo(six);
        assertThat(fast.length).isGreaterThan(best.length);
        assertThat(best.length).isLessThan(tar.length / 4);
    }

    @Test
    void compressedWithoutArchiveIsTheFilesOwnBytesGzipped() throws Exception {
        ArchiveOptions bare = ArchiveOptions.of(false, true, 9L);
        assertThat(gunzip(write(bigFile, "big", bare))).isEqualTo(big);
        // a symlink's bytes are its target, as Kubo's file API reads it
        assertThat(new String(gunzip(write(link, "link", bare)), StandardCharsets.UTF_8)).isEqualTo("a.txt");
    }

    @Test
    void aDirectoryIsRefusedBeforeAnyByteWhenGzippedAlone() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> UnixfsArchive.write(exporter, "tree", tree, ArchiveOptions.of(false, true, null), out))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("file is not regular");
        assertThat(out.size()).isZero();
    }

    @Test
    void aMissingBlockLeavesAGzipWithoutItsTrailer() throws Exception {
        assertThat(store.delete(bigLeaf)).isTrue();
        for (ArchiveOptions options : new ArchiveOptions[] {ArchiveOptions.of(false, true, null),
                ArchiveOptions.of(true, true, null)}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThatThrownBy(() -> UnixfsArchive.write(exporter, "big", bigFile, options, out))
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> gunzip(out.toByteArray())).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void contentSizeCountsFileBytes() throws IOException {
        assertThat(UnixfsArchive.contentSize(exporter, tree)).isEqualTo(big.length + 5 + 6);
        assertThat(UnixfsArchive.contentSize(exporter, bigFile)).isEqualTo(big.length);
    }
}
