package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entry-by-entry import gives the same CIDs and the same reported entries as importing the tree from disk. */
class EntryImportTest {
    @TempDir
    Path tmp;

    record Seen(String path, String cid, long size) {}

    static List<Seen> fromDisk(List<Path> paths, ImportOptions o) throws IOException {
        List<Seen> seen = new ArrayList<>();
        new UnixfsImporter(new MemoryBlockstore(), o, (c, p, s) -> seen.add(new Seen(p, c.toString(), s)), n -> { })
                .importPaths(paths);
        return seen;
    }

    /** Feeds the tree under each path as an upload would: files and empty directories, parents implied. */
    static List<Seen> fromEntries(List<Path> paths, ImportOptions o, MemoryBlockstore store) throws IOException {
        List<Seen> seen = new ArrayList<>();
        EntryImport imp = new UnixfsImporter(store, o, (c, p, s) -> seen.add(new Seen(p, c.toString(), s)), n -> { })
                .entries();
        for (Path p : paths) {
            feed(imp, p, p.getFileName().toString());
        }
        imp.finish();
        return seen;
    }

    static void feed(EntryImport imp, Path p, String rel) throws IOException {
        if (Files.isSymbolicLink(p)) {
            imp.addSymlink(rel, Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p)) {
            List<Path> kids;
            try (var s = Files.list(p)) {
                kids = s.sorted().toList();
            }
            if (kids.isEmpty()) {
                imp.addDirectory(rel);
            }
            for (Path k : kids) {
                feed(imp, k, rel + "/" + k.getFileName());
            }
        } else {
            try (var in = Files.newInputStream(p)) {
                imp.addFile(rel, in);
            }
        }
    }

    Path tree() throws IOException {
        Path t = tmp.resolve("t");
        Files.createDirectories(t.resolve("a/b/c"));
        Files.createDirectories(t.resolve("empty"));
        Files.writeString(t.resolve("top.txt"), "top\n");
        Files.writeString(t.resolve("a/one"), "1");
        Files.writeString(t.resolve("a/b/two"), "22");
        byte[] big = new byte[700_000];
        new Random(7).nextBytes(big);
        Files.write(t.resolve("a/b/c/big"), big);
        Files.createSymbolicLink(t.resolve("a/link"), Path.of("one"));
        return t;
    }

    @Test
    void sameCidsAndEntriesAsTheDiskImporter() throws IOException {
        Path t = tree();
        for (ImportOptions o : List.of(ImportOptions.kuboDefaults(), ImportOptions.kuboDefaults().withCidVersion(1),
                ImportOptions.kuboDefaults().withWrapWithDirectory(true))) {
            List<Seen> disk = fromDisk(List.of(t), o);
            List<Seen> entries = fromEntries(List.of(t), o, new MemoryBlockstore());
            // files come in upload order, directories post-order: same set, same last (root) entry
            assertThat(entries).containsExactlyInAnyOrderElementsOf(disk);
            assertThat(entries.getLast()).isEqualTo(disk.getLast());
        }
    }

    @Test
    void shardedDirectoryMatches() throws IOException {
        Path d = tmp.resolve("many");
        Files.createDirectories(d);
        for (int i = 0; i < 5500; i++) {
            Files.writeString(d.resolve("file-with-a-longish-name-" + i), Integer.toString(i));
        }
        List<Seen> disk = fromDisk(List.of(d), ImportOptions.kuboDefaults());
        MemoryBlockstore store = new MemoryBlockstore();
        List<Seen> entries = fromEntries(List.of(d), ImportOptions.kuboDefaults(), store);
        assertThat(entries.getLast()).isEqualTo(disk.getLast());
        assertThat(new UnixfsExporter(store).type(dev.ferry.multiformats.Cid.parse(entries.getLast().cid())))
                .isEqualTo(UnixfsType.HAMT_SHARD);
    }

    @Test
    void severalTopLevelEntriesWrapped() throws IOException {
        Path a = tmp.resolve("x.txt");
        Path b = tmp.resolve("ydir");
        Files.writeString(a, "x");
        Files.createDirectories(b);
        Files.writeString(b.resolve("z"), "z");
        ImportOptions w = ImportOptions.kuboDefaults().withWrapWithDirectory(true);
        assertThat(fromEntries(List.of(a, b), w, new MemoryBlockstore()).getLast())
                .isEqualTo(fromDisk(List.of(a, b), w).getLast());
    }

    @Test
    void clashesAndEscapesAreRefused() throws IOException {
        EntryImport imp = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).entries();
        imp.addFile("d/f", new ByteArrayInputStream("f".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> imp.addFile("d/f", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(UnixfsException.class);
        assertThatThrownBy(() -> imp.addDirectory("d/f")).isInstanceOf(UnixfsException.class);
        assertThatThrownBy(() -> imp.addFile("d/f/g", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(UnixfsException.class);
        assertThatThrownBy(() -> imp.addFile("../up", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(UnixfsException.class);
        assertThatThrownBy(() -> imp.addFile("a/" + "x/".repeat(EntryImport.MAX_DEPTH) + "f",
                new ByteArrayInputStream(new byte[0]))).isInstanceOf(UnixfsException.class);
        List<ImportedEntry> roots = imp.finish();
        assertThat(roots).hasSize(1);
        assertThat(roots.getFirst().path()).isEqualTo("d");
        assertThatThrownBy(imp::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unnamedFilesAreTopLevelEntriesOfTheirOwn() throws IOException {
        EntryImport imp = new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefaults()).entries();
        imp.addFile("", new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.UTF_8)));
        imp.addFile("", new ByteArrayInputStream("hello world\n".getBytes(StandardCharsets.UTF_8)));
        List<ImportedEntry> roots = imp.finish();
        assertThat(roots).hasSize(2);
        assertThat(roots.getFirst().cid().toString()).isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    }
}
