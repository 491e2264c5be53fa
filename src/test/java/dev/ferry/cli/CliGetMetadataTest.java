package dev.ferry.cli;

import static dev.ferry.testing.MetadataDag.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.MetadataDag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry get} restores UnixFS 1.5 modes and mtimes, reading the repo itself and through a daemon's tar. */
class CliGetMetadataTest {
    @TempDir
    Path tmp;

    static final UnixTime T1 = at(1_600_000_000L, 0);
    static final UnixTime T2 = at(1_500_000_000L, 123_456_789);
    static final UnixTime T3 = at(1_400_000_000L, 7);
    static final UnixTime T4 = at(1_300_000_000L, 0);
    static final UnixTime T5 = at(1_200_000_000L, 999_999_999);

    record Content(Cid tree, Cid file, Path car) {
    }

    /** A tree with nested, read-only and sharded directories, a symlink, entries with and without metadata. */
    private Content content() throws IOException {
        MemoryBlockstore store = new MemoryBlockstore();
        Path src = Files.createDirectories(tmp.resolve("src"));
        for (int i = 0; i < 30; i++) {
            Files.writeString(src.resolve("entry-" + i), "entry " + i);
        }
        Cid imported = new UnixfsImporter(store, ImportOptions.kuboDefaults().withCidVersion(1)
                .withShardThresholdBytes(100)).importPath(src).cid();
        List<Block> importedBlocks = store.cids().map(c -> store.get(c).orElseThrow()).toList();
        MetadataDag dag = new MetadataDag(store);
        Cid shard = dag.withMetadata(dag.replacingLinks(imported, "entry-3", dag.file("entry 3", 0600L, T2)),
                0750L, T5);
        Cid docs = dag.dir(0555L, T2, Map.of("readme", dag.file("read me", 0444L, T3)));
        Cid bin = dag.dir(null, T4, Map.of("tool", dag.file("#!/bin/sh\n", 0700L, T4)));
        Cid tree = dag.dir(0751L, T1, Map.of("docs", docs, "bin", bin, "plain", dag.file("plain", null, null),
                "link", dag.symlink("plain", T3), "shard", shard, "hostile", dag.file("h", 06777L,
                        at(Long.MAX_VALUE, 0))));
        Cid file = dag.file("one file", 0640L, T2);
        Cid both = dag.dir(null, null, Map.of("tree", tree, "file", file));
        Path car = tmp.resolve("content.car");
        Files.write(car, dag.car(both, importedBlocks));
        return new Content(tree, file, car);
    }

    private static void assertRestored(Path out, Instant before) throws IOException {
        assertThat(perms(out)).isEqualTo("rwxr-x--x");
        assertThat(mtime(out)).isEqualTo(instant(T1));
        assertThat(perms(out.resolve("docs"))).isEqualTo("r-xr-xr-x");
        assertThat(mtime(out.resolve("docs"))).isEqualTo(instant(T2));
        assertThat(Files.readString(out.resolve("docs/readme"))).isEqualTo("read me");
        assertThat(perms(out.resolve("docs/readme"))).isEqualTo("r--r--r--");
        assertThat(mtime(out.resolve("docs/readme"))).isEqualTo(instant(T3));
        assertThat(mtime(out.resolve("bin"))).isEqualTo(instant(T4));
        assertThat(perms(out.resolve("bin/tool"))).isEqualTo("rwx------");
        assertThat(mtime(out.resolve("bin/tool"))).isEqualTo(instant(T4));
        assertThat(Files.readSymbolicLink(out.resolve("link")).toString()).isEqualTo("plain");
        assertThat(mtime(out.resolve("link"))).isEqualTo(instant(T3));
        assertThat(mtime(out.resolve("plain"))).isAfter(before);
        assertThat(perms(out.resolve("shard"))).isEqualTo("rwxr-x---");
        assertThat(mtime(out.resolve("shard"))).isEqualTo(instant(T5));
        assertThat(perms(out.resolve("shard/entry-3"))).isEqualTo("rw-------");
        assertThat(mtime(out.resolve("shard/entry-3"))).isEqualTo(instant(T2));
        assertThat(Files.readString(out.resolve("shard/entry-29"))).isEqualTo("entry 29");
        int hostile = (Integer) Files.getAttribute(out.resolve("hostile"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
        assertThat(hostile & 07777).isEqualTo(0777);
        assertThat(mtime(out.resolve("hostile"))).isAfter(before);
    }

    @Test
    void getRestoresModesAndTimesWithoutAndWithADaemon() throws Exception {
        Content c = content();
        CliRun cli = DaemonFixture.init(tmp, "repo");
        CliRun.Result imported = cli.run("dag", "import", c.car().toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        Instant before = Instant.now().minusSeconds(5);

        Path local = tmp.resolve("local");
        CliRun.Result r = cli.run("get", c.tree().toString(), "-o", local.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertRestored(local, before);
        Path localFile = tmp.resolve("local-file");
        assertThat(cli.run("get", c.file().toString(), "-o", localFile.toString()).exitCode()).isZero();
        assertThat(perms(localFile)).isEqualTo("rw-r-----");
        assertThat(mtime(localFile)).isEqualTo(instant(T2));

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            Path viaDaemon = tmp.resolve("daemon");
            r = d.cli().run("get", c.tree().toString(), "-o", viaDaemon.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertRestored(viaDaemon, before);
            Path daemonFile = tmp.resolve("daemon-file");
            r = d.cli().run("get", c.file().toString(), "-o", daemonFile.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(perms(daemonFile)).isEqualTo("rw-r-----");
            assertThat(mtime(daemonFile)).isEqualTo(instant(T2));
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static Instant mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    static Instant instant(UnixTime t) {
        return t.applicable().orElseThrow();
    }
}
