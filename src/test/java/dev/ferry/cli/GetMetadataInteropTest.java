package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.dag.car.CarReader;
import dev.ferry.dag.unixfs.DiskMetadata;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsType;
import dev.ferry.multiformats.Cid;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.testing.CliRun;
import dev.ferry.testing.NodeJs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * js ipfs-unixfs-importer stores modes and mtimes (interop/unixfs/car-with-metadata.mjs writes the CAR); ferry
 * imports the CAR and {@code ferry get}, from the repo and through a daemon, restores what js stored.
 */
@Tag("interop")
class GetMetadataInteropTest {
    @TempDir
    Path tmp;

    record Stored(String path, Long mode, Long seconds, Integer nanos) {
    }

    @Test
    void getRestoresWhatTheJsImporterStored() throws Exception {
        Path car = tmp.resolve("js.car");
        String out = NodeJs.run(Duration.ofSeconds(60), new byte[0], "unixfs/car-with-metadata.mjs",
                car.toString());
        Cid root = null;
        List<Stored> stored = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(" ");
            if (f[0].equals("root")) {
                root = Cid.parse(f[1]);
            } else {
                stored.add(new Stored(f[1], f[2].equals("-") ? null : Long.parseLong(f[2], 8),
                        f[3].equals("-") ? null : Long.parseLong(f[3]), f[4].equals("-") ? null
                        : Integer.parseInt(f[4])));
            }
        }
        assertThat(root).isNotNull();
        assertThat(stored).hasSizeGreaterThan(40);

        MemoryBlockstore store = new MemoryBlockstore();
        try (InputStream in = Files.newInputStream(car); CarReader r = CarReader.open(in)) {
            for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
                store.put(b.get());
            }
        }
        UnixfsExporter ex = new UnixfsExporter(store);
        assertThat(ex.type(ex.resolve(root, "many"))).as("a sharded directory").isEqualTo(UnixfsType.HAMT_SHARD);
        assertThat(ex.stat(root).mtime().seconds()).isEqualTo(1_600_000_000L);

        CliRun cli = DaemonFixture.init(tmp, "repo");
        CliRun.Result imported = cli.run("dag", "import", car.toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        Instant before = Instant.now().minusSeconds(5);
        Path local = tmp.resolve("local");
        CliRun.Result got = cli.run("get", root.toString(), "-o", local.toString());
        assertThat(got.exitCode()).as(got.toString()).isZero();
        assertRestored(local, stored, before);

        Running d = DaemonFixture.start(tmp, "repo", new byte[0]);
        try {
            Path viaDaemon = tmp.resolve("daemon");
            got = d.cli().run("get", root.toString(), "-o", viaDaemon.toString());
            assertThat(got.exitCode()).as(got.toString()).isZero();
            assertRestored(viaDaemon, stored, before);
        } finally {
            assertThat(d.cli().run("shutdown").exitCode()).isZero();
            assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    private static void assertRestored(Path out, List<Stored> stored, Instant before) throws IOException {
        for (Stored s : stored) {
            Path p = s.path().equals(".") ? out : out.resolve(s.path());
            assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as(s.path()).isTrue();
            if (s.mode() != null) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                        .as(s.path() + " mode").isEqualTo(PosixFilePermissions.toString(
                                DiskMetadata.permissions(s.mode())));
            }
            Instant mtime = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
            if (s.seconds() == null) {
                assertThat(mtime).as(s.path() + " mtime").isAfter(before);
            } else {
                assertThat(mtime).as(s.path() + " mtime").isEqualTo(Instant.ofEpochSecond(s.seconds(),
                        s.nanos() == null ? 0 : s.nanos()));
            }
        }
        assertThat(Files.readString(out.resolve("hello.txt"))).isEqualTo("hello from js\n");
        assertThat(Files.readString(out.resolve("docs/readme"))).isEqualTo("read only\n");
        assertThat(Files.readString(out.resolve("many/file-39"))).isEqualTo("entry 39\n");
    }
}
