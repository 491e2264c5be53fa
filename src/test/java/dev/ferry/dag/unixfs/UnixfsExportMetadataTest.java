package dev.ferry.dag.unixfs;

import static dev.ferry.testing.MetadataDag.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.MetadataDag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UnixFS 1.5 mode and mtime: what the exporter reports for a node, and what {@code get} restores on disk. */
class UnixfsExportMetadataTest {
    @TempDir
    Path tmp;

    static final UnixTime T1 = at(1_600_000_000L, 0);
    static final UnixTime T2 = at(1_500_000_000L, 123_456_789);
    static final UnixTime T3 = at(1_400_000_000L, 1);
    static final UnixTime T4 = at(1_300_000_000L, 999_999_999);

    static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static Instant mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    static Instant instant(UnixTime t) {
        return t.applicable().orElseThrow();
    }

    @Test
    void statAndLsReportModeAndMtimeFromTheRootBlockAlone() {
        CountingBlockstore store = new CountingBlockstore();
        MetadataDag dag = new MetadataDag(store);
        Cid file = dag.file("hello", 0640L, T2);
        Cid plain = dag.file("plain", null, null);
        Cid link = dag.symlink("hello", T3);
        Block raw = Block.raw("raw".getBytes(StandardCharsets.UTF_8));
        store.put(raw);
        Cid dir = dag.dir(0750L, T1, Map.of("hello", file, "plain", plain, "link", link, "raw", raw.cid()));
        UnixfsExporter ex = new UnixfsExporter(store);

        store.gets.set(0);
        UnixfsEntry root = ex.stat(dir);
        assertThat(store.gets.get()).isEqualTo(1);
        assertThat(root.type()).isEqualTo(UnixfsType.DIRECTORY);
        assertThat(root.mode()).isEqualTo(0750L);
        assertThat(root.mtime()).isEqualTo(T1);

        store.gets.set(0);
        Map<String, UnixfsEntry> byName = new java.util.HashMap<>();
        ex.ls(dir).forEach(e -> byName.put(e.name(), e));
        assertThat(store.gets.get()).isEqualTo(5); // the directory and each child's root, as before
        assertThat(byName.get("hello").mode()).isEqualTo(0640L);
        assertThat(byName.get("hello").mtime()).isEqualTo(T2);
        assertThat(byName.get("hello").size()).isEqualTo(5);
        assertThat(byName.get("plain").mode()).isNull();
        assertThat(byName.get("plain").mtime()).isNull();
        assertThat(byName.get("link").mtime()).isEqualTo(T3);
        assertThat(byName.get("raw").mode()).isNull();
        assertThat(byName.get("raw").mtime()).isNull();
    }

    @Test
    void getRestoresModesAndTimesOfFilesNestedDirectoriesAndSymlinks() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        MetadataDag dag = new MetadataDag(store);
        Cid a = dag.file("a", 0604L, T2);
        Cid exe = dag.file("#!/bin/sh\n", 0755L, T4);
        Cid plain = dag.file("plain", null, null);
        Cid link = dag.symlink("a", T3);
        Cid sub = dag.dir(0710L, T3, Map.of("a", a, "exe", exe));
        Cid root = dag.dir(0751L, T1, Map.of("sub", sub, "plain", plain, "link", link));
        Path out = tmp.resolve("out");
        Instant before = Instant.now().minusSeconds(5);

        new UnixfsExporter(store).get(root, out);

        assertThat(perms(out)).isEqualTo("rwxr-x--x");
        assertThat(mtime(out)).isEqualTo(instant(T1));
        assertThat(perms(out.resolve("sub"))).isEqualTo("rwx--x---");
        assertThat(mtime(out.resolve("sub"))).isEqualTo(instant(T3));
        assertThat(perms(out.resolve("sub/a"))).isEqualTo("rw----r--");
        assertThat(mtime(out.resolve("sub/a"))).isEqualTo(instant(T2)); // nanoseconds kept
        assertThat(perms(out.resolve("sub/exe"))).isEqualTo("rwxr-xr-x");
        assertThat(mtime(out.resolve("sub/exe"))).isEqualTo(instant(T4));
        assertThat(Files.isSymbolicLink(out.resolve("link"))).isTrue();
        assertThat(mtime(out.resolve("link"))).isEqualTo(instant(T3));
        // the link's own time was set, not its target's
        assertThat(mtime(out.resolve("sub/a"))).isEqualTo(instant(T2));
        // no metadata: as before, the time of writing and the umask's mode
        assertThat(mtime(out.resolve("plain"))).isAfter(before);
        assertThat(Files.readString(out.resolve("sub/a"))).isEqualTo("a");
    }

    @Test
    void aReadOnlyDirectoryIsFilledAndItsMtimeIsNotMovedByItsChildren() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        MetadataDag dag = new MetadataDag(store);
        Cid f = dag.file("inside", 0444L, T2);
        Cid inner = dag.dir(0555L, T3, Map.of("f", f));
        Cid root = dag.dir(0555L, T1, Map.of("inner", inner, "g", dag.file("g", null, null)));
        Path out = tmp.resolve("ro");

        new UnixfsExporter(store).get(root, out);

        assertThat(Files.readString(out.resolve("inner/f"))).isEqualTo("inside");
        assertThat(perms(out)).isEqualTo("r-xr-xr-x");
        assertThat(perms(out.resolve("inner"))).isEqualTo("r-xr-xr-x");
        assertThat(perms(out.resolve("inner/f"))).isEqualTo("r--r--r--");
        assertThat(mtime(out)).isEqualTo(instant(T1));
        assertThat(mtime(out.resolve("inner"))).isEqualTo(instant(T3));
        makeWritable(out);
    }

    @Test
    void aShardedDirectoryRootCarriesItsOwnMetadata() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(src.resolve("file-" + i), "entry " + i);
        }
        Cid shard = new UnixfsImporter(store, ImportOptions.kuboDefaults().withCidVersion(1)
                .withShardThresholdBytes(100)).importPath(src).cid();
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThat(ex.type(shard)).isEqualTo(UnixfsType.HAMT_SHARD);
        MetadataDag dag = new MetadataDag(store);
        Cid withFile = dag.replacingLinks(shard, "file-7", dag.file("entry 7", 0600L, T2));
        Cid root = dag.withMetadata(withFile, 0700L, T1);

        assertThat(ex.stat(root).mode()).isEqualTo(0700L);
        assertThat(ex.stat(root).mtime()).isEqualTo(T1);
        Path out = tmp.resolve("hamt");
        ex.get(root, out);

        assertThat(perms(out)).isEqualTo("rwx------");
        assertThat(mtime(out)).isEqualTo(instant(T1));
        assertThat(perms(out.resolve("file-7"))).isEqualTo("rw-------");
        assertThat(mtime(out.resolve("file-7"))).isEqualTo(instant(T2));
        try (var s = Files.list(out)) {
            assertThat(s.count()).isEqualTo(30);
        }
    }

    @Test
    void hostileModesAndTimesAreMaskedOrIgnored() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        MetadataDag dag = new MetadataDag(store);
        Cid root = dag.dir(0xFFFF_FFFFL, at(-1, 5), Map.of(
                "suid", dag.file("s", 07777L, at(Long.MAX_VALUE, 0)),
                "zero", dag.file("z", 04000L, at(0, 0)),
                "edge", dag.file("e", 01644L, at(UnixTime.MAX_SECONDS, 999_999_999)),
                "past", dag.file("p", null, at(UnixTime.MAX_SECONDS + 1, 0)),
                "first", dag.file("f", null, at(1, 0))));
        Path out = tmp.resolve("hostile");
        Instant before = Instant.now().minusSeconds(5);

        new UnixfsExporter(store).get(root, out);

        for (String name : new String[] {"", "suid", "zero", "edge"}) {
            int mode = (Integer) Files.getAttribute(out.resolve(name), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertThat(mode & 07000).as(name + " special bits").isZero();
        }
        assertThat(perms(out)).isEqualTo("rwxrwxrwx");
        assertThat(perms(out.resolve("suid"))).isEqualTo("rwxrwxrwx");
        assertThat(perms(out.resolve("zero"))).isEqualTo("---------");
        assertThat(perms(out.resolve("edge"))).isEqualTo("rw-r--r--");
        // at or before the epoch, or past what a tar header holds: ignored, the time of writing
        assertThat(mtime(out)).isAfter(before);
        assertThat(mtime(out.resolve("suid"))).isAfter(before);
        assertThat(mtime(out.resolve("zero"))).isAfter(before);
        assertThat(mtime(out.resolve("past"))).isAfter(before);
        assertThat(mtime(out.resolve("edge"))).isEqualTo(Instant.ofEpochSecond(UnixTime.MAX_SECONDS, 999_999_999));
        assertThat(mtime(out.resolve("first"))).isEqualTo(Instant.ofEpochSecond(1));
    }

    @Test
    void applicableTimesAreAfterTheEpochAndWithinATarHeader() {
        assertThat(at(0, 0).applicable()).isEmpty();
        assertThat(at(0, 5).applicable()).isEmpty();
        assertThat(at(-10, 0).applicable()).isEmpty();
        assertThat(at(Long.MIN_VALUE, 0).applicable()).isEmpty();
        assertThat(at(Long.MAX_VALUE, 0).applicable()).isEmpty();
        assertThat(at(UnixTime.MAX_SECONDS + 1, 0).applicable()).isEmpty();
        assertThat(at(1, 0).applicable()).contains(Instant.ofEpochSecond(1));
        assertThat(at(1_700_000_000L, 42).applicable()).contains(Instant.ofEpochSecond(1_700_000_000L, 42));
        assertThat(UnixTime.MAX_SECONDS).isEqualTo(8_589_934_591L);
        assertThat(Instant.ofEpochSecond(UnixTime.MAX_SECONDS)).isBefore(Instant.now().plus(Duration.ofDays(
                365L * 300)));
    }

    @Test
    void permissionsAreTheLowNineBitsOnly() {
        assertThat(PosixFilePermissions.toString(DiskMetadata.permissions(0xFFFF_FFFFL))).isEqualTo("rwxrwxrwx");
        assertThat(PosixFilePermissions.toString(DiskMetadata.permissions(04755))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(DiskMetadata.permissions(01000))).isEqualTo("---------");
        assertThat(PosixFilePermissions.toString(DiskMetadata.permissions(0421))).isEqualTo("r---w---x");
    }

    /** So that the temporary directory can be removed when the tests do not run as root. */
    static void makeWritable(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
                }
            }
        }
    }
}
