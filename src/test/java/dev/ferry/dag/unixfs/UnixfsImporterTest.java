package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnixfsImporterTest {

    record Vector(String input, String options, String cid, String source) {
        @Override
        public String toString() {
            return input + " [" + options + "] " + cid;
        }
    }

    static Stream<Vector> kuboVectors() throws IOException {
        try (InputStream in = Objects.requireNonNull(
                UnixfsImporterTest.class.getResourceAsStream("/vectors/unixfs/kubo-add.txt"))) {
            List<Vector> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                // the input keeps its inner spaces; only the padding before '|' is trimmed
                String input = f[0].stripTrailing();
                out.add(new Vector(input, f[1].strip(), f[2].strip(), f[3].strip()));
            }
            return out.stream();
        }
    }

    static InputStream open(String input) {
        if (input.startsWith("text:")) {
            String text = input.substring(5).replace("\\n", "\n");
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }
        if (input.startsWith("zeros:")) {
            return new ZeroStream(Long.parseLong(input.substring(6)));
        }
        throw new IllegalArgumentException(input);
    }

    static ImportOptions options(String spec) {
        ImportOptions o = ImportOptions.kuboDefaults();
        for (String opt : spec.split(",")) {
            if (opt.startsWith("cid=")) {
                o = o.withCidVersion(Integer.parseInt(opt.substring(4)));
            } else if (opt.startsWith("raw=")) {
                o = o.withRawLeaves(Boolean.parseBoolean(opt.substring(4)));
            }
        }
        return o;
    }

    @ParameterizedTest
    @MethodSource("kuboVectors")
    void kuboKnownAnswers(Vector v) throws IOException {
        ImportOptions o = options(v.options());
        boolean big = v.input().startsWith("zeros:") && Long.parseLong(v.input().substring(6)) > 4_000_000;
        MemoryBlockstore store = new MemoryBlockstore();
        UnixfsImporter importer = new UnixfsImporter(store, big ? o.withOnlyHash(true) : o);
        Cid cid = importer.importStream(open(v.input()), "f").cid();
        String text = v.options().contains("v1string") ? cid.toV1().toString() : cid.toString();
        assertThat(text).isEqualTo(v.cid());
        if (big) {
            assertThat(store.count()).isZero();
        } else {
            assertThat(store.has(cid)).isTrue();
        }
    }

    @Test
    void emptyFileBlockIsTheSpecRecipe() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        Cid cid = new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(InputStream.nullInputStream(), "empty").cid();
        assertThat(HexFormat.of().formatHex(store.get(cid).orElseThrow().data())).isEqualTo("0a0408021800");
    }

    @Test
    void internalNodeHasEmptyNamesTsizesAndBlocksizes() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        Cid cid = new UnixfsImporter(store, ImportOptions.kuboDefaults())
                .importStream(new ZeroStream(262145), "z").cid();
        byte[] block = store.get(cid).orElseThrow().data();
        PbNode node = PbCodec.decode(block);
        assertThat(node.links()).hasSize(2);
        assertThat(node.links()).allSatisfy(l -> assertThat(l.name()).isEmpty());
        // leaf block: 0a LEN(3 bytes) 08 02 12 LEN(3) data 18 LEN(3)
        assertThat(node.links().get(0).tsize()).isEqualTo(262158L);
        assertThat(node.links().get(1).tsize()).isEqualTo(9L); // 0a 07 08 02 12 01 00 18 01
        UnixfsData d = UnixfsDataCodec.decode(node.data());
        assertThat(d.type()).isEqualTo(UnixfsType.FILE);
        assertThat(d.blocksizes()).containsExactly(262144L, 1L);
        assertThat(d.filesize()).isEqualTo(262145L);
        // links first, each with "12 00" for the empty name
        assertThat(HexFormat.of().formatHex(block)).startsWith("122a0a2212").contains("120018");
    }

    /** ipfs/kubo t0040: dir {hey: "Hey\n", hello/{world: "World\n"}}. */
    @Test
    void kuboDirectoryVector(@TempDir Path tmp) throws IOException {
        Path root = tmp.resolve("mountdir");
        Files.createDirectories(root.resolve("hello"));
        Files.writeString(root.resolve("hey"), "Hey\n");
        Files.writeString(root.resolve("hello/world"), "World\n");
        List<String> events = new ArrayList<>();
        ImportedEntry e = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults(),
                (cid, path, size) -> events.add(path), n -> { }).importPath(root);
        assertThat(e.cid().toString()).isEqualTo("QmZQWnfcqJ6hNkkPvrY9Q5X39GP3jUnUbAV4AbmbbR3Cb1");
        // Kubo's order: files as added (sorted walk), then directories post-order, root last
        assertThat(events).containsExactly("mountdir/hello/world", "mountdir/hey", "mountdir/hello", "mountdir");
    }

    @Test
    void emptyDirectory(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectory(tmp.resolve("empty"));
        assertThat(new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).importPath(d).cid())
                .hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
        assertThat(new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults().withCidVersion(1))
                .importPath(d).cid())
                .hasToString("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
    }

    /** ipfs/specs unixfs.md symlink fixture: {foo: "content\n", bar -> foo}. */
    @Test
    void symlinkFixture(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(d.resolve("foo"), "content\n");
        Files.createSymbolicLink(d.resolve("bar"), Path.of("foo"));
        MemoryBlockstore store = new MemoryBlockstore();
        List<String> events = new ArrayList<>();
        Cid root = new UnixfsImporter(store, ImportOptions.kuboDefaults(),
                (cid, path, size) -> events.add(path + "=" + cid), n -> { }).importPath(d).cid();
        assertThat(root).hasToString("QmWvY6FaqFMS89YAQ9NAPjVP4WZKA1qbHbicc9HeSKQTgt");
        assertThat(events).contains("d/bar=QmTB8BaCJdCH5H3k7GrxJsxgDNmNYGGR71C58ERkivXoj5",
                "d/foo=Qme2y5HA5kvo2jAx13UsnV5bQJVijiAJCPvaW3JGQWhvJZ");
        assertThat(store.get(Cid.parse("QmTB8BaCJdCH5H3k7GrxJsxgDNmNYGGR71C58ERkivXoj5")).orElseThrow().size())
                .isEqualTo(9);
    }

    @Test
    void dotfilesOnlyWithHidden(@TempDir Path tmp) throws IOException {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(d.resolve(".secret"), "x");
        Files.writeString(d.resolve("visible"), "y");
        Cid without = new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true)).importPath(d).cid();
        Cid with = new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true).withHidden(true))
                .importPath(d).cid();
        assertThat(with).isNotEqualTo(without);
        Path only = Files.createDirectory(tmp.resolve("only"));
        Files.writeString(only.resolve("visible"), "y");
        assertThat(new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true)).importPath(only).cid())
                .isEqualTo(without);
    }

    @Test
    void wrapWithDirectoryNamesTheFile() throws IOException {
        List<String> events = new ArrayList<>();
        ImportedEntry e = new UnixfsImporter(new MemoryBlockstore(),
                ImportOptions.kuboDefaults().withWrapWithDirectory(true),
                (cid, path, size) -> events.add(path + "=" + cid + "/" + size), n -> { })
                .importStream(open("text:hello world\\n"), "hello.txt");
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo("hello.txt=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o/20");
        assertThat(events.get(1)).startsWith("=" + e.cid());
        assertThat(e.path()).isEmpty();
        assertThatThrownBy(() -> new UnixfsImporter(new MemoryBlockstore(),
                ImportOptions.kuboDefaults().withWrapWithDirectory(true)).importStream(open("text:x"), "a/b"))
                .isInstanceOf(UnixfsException.class);
    }

    @Test
    void severalPathsInKuboOrder(@TempDir Path tmp) throws IOException {
        Path b = Files.createDirectories(tmp.resolve("b/inner"));
        Files.writeString(b.resolve("f"), "1");
        Path a = Files.createDirectories(tmp.resolve("a"));
        Files.writeString(a.resolve("g"), "2");
        Path file = Files.writeString(tmp.resolve("c.txt"), "3");
        List<String> events = new ArrayList<>();
        ImportOptions wrap = ImportOptions.kuboDefaults().withWrapWithDirectory(true);
        List<ImportedEntry> roots = new UnixfsImporter(new MemoryBlockstore(), wrap,
                (cid, path, size) -> events.add(path), n -> { }).importPaths(List.of(tmp.resolve("b"), a, file));
        assertThat(events).containsExactly("b/inner/f", "a/g", "c.txt", "a", "b/inner", "b", "");
        assertThat(roots).hasSize(1);
        assertThat(roots.get(0).path()).isEmpty();
        List<ImportedEntry> separate = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults())
                .importPaths(List.of(tmp.resolve("b"), a, file));
        assertThat(separate).extracting(ImportedEntry::path).containsExactly("b", "a", "c.txt");
        assertThat(separate.get(2).cid())
                .isEqualTo(new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true))
                        .importStream(open("text:3"), "x").cid());
        assertThatThrownBy(() -> new UnixfsImporter(new MemoryBlockstore(), wrap).importPaths(List.of(a, a)))
                .isInstanceOf(UnixfsException.class);
    }

    @Test
    void blocksAreStoredUnlessOnlyHashing() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        new UnixfsImporter(store, ImportOptions.kuboDefaults().withChunkSize(1000))
                .importStream(new ByteArrayInputStream(new byte[2500]), "z");
        assertThat(store.count()).isEqualTo(3); // two distinct leaves (1000 and 500 zero bytes) and the root
        MemoryBlockstore untouched = new MemoryBlockstore();
        new UnixfsImporter(untouched, ImportOptions.kuboDefaults().withOnlyHash(true).withChunkSize(1000))
                .importStream(new ByteArrayInputStream(new byte[2500]), "z");
        assertThat(untouched.count()).isZero();
    }

    @Test
    void progressCountsEveryByte() throws IOException {
        long[] total = {0};
        new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true), ImportListener.NONE,
                n -> total[0] += n).importStream(new ZeroStream(1_000_001), "z");
        assertThat(total[0]).isEqualTo(1_000_001);
    }

    @Test
    void chunkerSyntax() {
        assertThat(ImportOptions.kuboDefaults().withChunker("size-1024").chunkSize()).isEqualTo(1024);
        assertThatThrownBy(() -> ImportOptions.kuboDefaults().withChunker("rabin-1-2-3"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImportOptions.kuboDefaults().withChunker("size-0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImportOptions.kuboDefaults().withChunker("size-1048577"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ImportOptions.kuboDefaults().rawLeaves()).isFalse();
        assertThat(ImportOptions.kuboDefaults().withCidVersion(1).rawLeaves()).isTrue();
        assertThat(ImportOptions.kuboDefaults().withRawLeaves(false).withCidVersion(1).rawLeaves()).isFalse();
    }

    /** More bytes than the test JVM's heap (-Xmx2g): only a streaming importer can finish. */
    @org.junit.jupiter.api.Tag("slow")
    @Test
    void importIsStreamingWhateverTheSize() throws IOException {
        long size = 3L << 30;
        long[] read = {0};
        ImportedEntry e = new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true).withRawLeaves(true)
                .withChunkSize(ImportOptions.MAX_CHUNK_SIZE), ImportListener.NONE, n -> read[0] += n)
                .importStream(new ZeroStream(size), "big");
        assertThat(read[0]).isEqualTo(size);
        assertThat(e.size()).isGreaterThan(size);
    }

    /** A stream of n zero bytes that allocates nothing per byte. */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long n) {
            left = n;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return len == 0 ? 0 : -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

}
