package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.cli.DaemonFixture.Running;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.testing.CliRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry add --chunker} with Kubo's rabin and buzhash chunkers, offline and through a running daemon, the config's
 * {@code Import.UnixFSChunker}, and Kubo's messages for bad values.
 */
class CliChunkerTest {
    private static final List<String> SPECS = List.of("rabin", "rabin-65536-131072-262144", "buzhash", "size-262144");

    @TempDir
    Path tmp;

    @Test
    void chunkersOfflineAndThroughTheDaemon() throws Exception {
        byte[] data = new byte[2_500_000];
        new Random(4).nextBytes(data);
        Path file = Files.write(tmp.resolve("big.bin"), data);
        List<String> expected = new ArrayList<>();
        for (String spec : SPECS) {
            expected.add(importer(spec, data) + "\n");
        }
        assertThat(expected).doesNotHaveDuplicates();

        CliRun offline = DaemonFixture.init(tmp, "repo");
        assertThat(scenario(offline, file)).isEqualTo(expected);
        // the config's chunker applies when --chunker is not given
        assertThat(offline.run("config", "Import.UnixFSChunker", "buzhash").exitCode()).isZero();
        assertThat(ok(offline, "add", "-Q", "--only-hash", file.toString())).isEqualTo(expected.get(2));
        assertThat(ok(offline, "add", "-Q", "--only-hash", "--chunker=size-262144", file.toString()))
                .isEqualTo(expected.get(3));

        Running d = DaemonFixture.start(tmp, "d", new byte[0]);
        assertThat(scenario(d.cli(), file)).isEqualTo(expected);
        CliRun.Result bad = d.cli().run("add", "-Q", "--chunker=rabin-12-512-1024", file.toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("rabin min must be greater than 16");
        assertThat(d.cli().run("shutdown").exitCode()).isZero();
        assertThat(d.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void badChunkersAreRefusedWithKubosMessages() {
        CliRun cli = DaemonFixture.init(tmp, "repo");
        Path f = tmp.resolve("f");
        refused(cli, f, "size-0", "chunker size must be greater than 0");
        refused(cli, f, "rabin-20-20-21", "incorrect format: rabin-min must be smaller than rabin-avg");
        refused(cli, f, "rabin-19-21-1048577", "chunker parameters may not exceed the maximum chunk size of 1048576");
        refused(cli, f, "buzhash-1", "unrecognized chunker option: buzhash-1");
    }

    private static void refused(CliRun cli, Path f, String spec, String message) {
        CliRun.Result r = cli.run("hello".getBytes(), "add", "-Q", "--chunker=" + spec);
        assertThat(r.exitCode()).as(spec).isNotZero();
        assertThat(r.stderr()).as(spec).contains(message);
    }

    private static List<String> scenario(CliRun cli, Path file) {
        List<String> out = new ArrayList<>();
        for (String spec : SPECS) {
            out.add(ok(cli, "add", "-Q", "--chunker=" + spec, file.toString()));
        }
        return out;
    }

    private static String importer(String spec, byte[] data) throws IOException {
        return new UnixfsImporter(null, ImportOptions.kuboDefaults().withOnlyHash(true).withChunker(spec))
                .importStream(new ByteArrayInputStream(data), "f").cid().toString();
    }

    private static String ok(CliRun cli, String... args) {
        CliRun.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }
}
