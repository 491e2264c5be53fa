package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static dev.ferry.testing.MetadataDag.at;

import dev.ferry.api.http.TarWriter;
import dev.ferry.dag.unixfs.DiskMetadata;
import dev.ferry.dag.unixfs.UnixTime;
import dev.ferry.testing.MetadataDag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The daemon's tar stream: round trips, long names, and hostile archives that must not escape the output path. */
class TarExtractorProperties {

    @Property(tries = 200)
    void arbitraryBytesOnlyFailWithIOException(@ForAll @Size(max = 3000) byte[] junk) throws IOException {
        Path dir = Files.createTempDirectory("tarprop");
        try {
            try {
                new TarExtractor(new ByteArrayInputStream(junk), dir.resolve("out")).extract();
            } catch (IOException expected) {
                // the one declared failure
            }
            try (Stream<Path> all = Files.walk(dir)) {
                assertThat(all.allMatch(p -> p.normalize().startsWith(dir))).isTrue();
            }
        } finally {
            delete(dir);
        }
    }

    @Property(tries = 50)
    void writtenArchivesExtractToTheSameContent(@ForAll("names") String name, @ForAll @Size(max = 5000) byte[] data)
            throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        w.directory("root");
        w.file("root/" + name, data.length, new ByteArrayInputStream(data));
        w.symlink("root/link", "target/" + name);
        w.finish();
        Path dir = Files.createTempDirectory("tarprop");
        try {
            Path out = dir.resolve("out");
            assertThat(new TarExtractor(new ByteArrayInputStream(buf.toByteArray()), out).extract()).isEqualTo(3);
            assertThat(Files.readAllBytes(out.resolve(name))).isEqualTo(data);
            assertThat(Files.readSymbolicLink(out.resolve("link")).toString()).isEqualTo("target/" + name);
        } finally {
            delete(dir);
        }
    }

    @Provide
    Arbitrary<String> names() {
        // beyond ustar's 100 bytes the writer adds a PAX header; a file name on disk is at most 255 bytes of UTF-8
        return Arbitraries.strings().withCharRange('a', 'z').withChars('é', '漢', '-', '_').ofMinLength(1).ofMaxLength(250)
                .filter(s -> !s.equals("link") && s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255);
    }

    @Test
    void refusesNamesThatEscapeOrPassThroughSymlinks() throws IOException {
        for (String bad : new String[] {"root/../evil", "/etc/passwd", "root/./x", "other/x"}) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            TarWriter w = new TarWriter(buf);
            w.directory("root");
            w.file(bad, 1, new ByteArrayInputStream(new byte[] {1}));
            w.finish();
            Path dir = Files.createTempDirectory("tarbad");
            try {
                assertThatThrownBy(() -> new TarExtractor(new ByteArrayInputStream(buf.toByteArray()), dir.resolve("out")).extract())
                        .isInstanceOf(IOException.class);
                assertThat(Files.exists(dir.resolve("evil"))).isFalse();
            } finally {
                delete(dir);
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        w.directory("root");
        w.symlink("root/up", "..");
        w.file("root/up/escaped", 3, new ByteArrayInputStream("bad".getBytes(StandardCharsets.UTF_8)));
        w.finish();
        Path dir = Files.createTempDirectory("tarlink");
        try {
            assertThatThrownBy(() -> new TarExtractor(new ByteArrayInputStream(buf.toByteArray()), dir.resolve("out")).extract())
                    .isInstanceOf(IOException.class).hasMessageContaining("symlink");
            assertThat(Files.exists(dir.resolve("escaped"))).isFalse();
        } finally {
            delete(dir);
        }
    }

    @Property(tries = 40)
    void modesAndTimesSurviveTheArchive(@ForAll("modes") long fileMode, @ForAll("modes") long dirMode,
            @ForAll("times") UnixTime fileTime, @ForAll("times") UnixTime dirTime, @ForAll("times") UnixTime linkTime)
            throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        w.directory("root", 0700L, at(1_000_000_000L, 0));
        w.directory("root/d", dirMode, dirTime);
        w.file("root/d/f", 3, new ByteArrayInputStream(new byte[] {1, 2, 3}), fileMode, fileTime);
        w.symlink("root/d/l", "f", linkTime);
        w.file("root/plain", 1, new ByteArrayInputStream(new byte[] {9}));
        w.finish();
        Path dir = Files.createTempDirectory("tarmeta");
        try {
            Path out = dir.resolve("out");
            Path reference = Files.createFile(dir.resolve("reference"));
            Path referenceDir = Files.createDirectory(dir.resolve("reference-dir"));
            Instant before = Instant.now().minusSeconds(5);
            assertThat(new TarExtractor(new ByteArrayInputStream(buf.toByteArray()), out).extract()).isEqualTo(5);
            Path d = out.resolve("d");
            assertThat(Files.readAllBytes(d.resolve("f"))).containsExactly(1, 2, 3);
            assertThat(perms(d.resolve("f"))).isEqualTo(expectedPerms(fileMode, 0644, reference));
            assertTime(d.resolve("f"), fileTime, before);
            assertTime(d.resolve("l"), linkTime, before);
            // the directory's own metadata comes after its children were written
            assertThat(perms(d)).isEqualTo(expectedPerms(dirMode, 0755, referenceDir));
            assertTime(d, dirTime, before);
            assertThat(perms(out)).isEqualTo("rwx------");
            assertThat(mtime(out)).isEqualTo(Instant.ofEpochSecond(1_000_000_000L));
            // no metadata: the umask's mode and the time of writing, as before
            assertThat(perms(out.resolve("plain"))).isEqualTo(perms(reference));
            assertThat(mtime(out.resolve("plain"))).isAfter(before);
        } finally {
            delete(dir);
        }
    }

    private static void assertTime(Path p, UnixTime stored, Instant before) throws IOException {
        java.util.Optional<Instant> t = stored == null ? java.util.Optional.empty() : stored.applicable();
        if (t.isPresent()) {
            assertThat(mtime(p)).as(p + " " + stored).isEqualTo(t.get());
        } else {
            assertThat(mtime(p)).as(p + " " + stored + ": the time of writing").isAfter(before);
        }
    }

    @Provide
    Arbitrary<Long> modes() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 0xFFFF_FFFFL), Arbitraries.longs().between(0, 07777),
                Arbitraries.of(0644L, 0755L, 0L, 07777L, 0555L));
    }

    @Provide
    Arbitrary<UnixTime> times() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(Arbitraries.longs().between(1, UnixTime.MAX_SECONDS),
                Arbitraries.longs(), Arbitraries.of(0L, -1L, 1L, UnixTime.MAX_SECONDS, UnixTime.MAX_SECONDS + 1));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1,
                999_999_999), Arbitraries.of(1, 999_999_999, 500_000_000));
        return Combinators.combine(seconds, nanos).as(MetadataDag::at).injectNull(0.2);
    }

    @Test
    void aReadOnlyDirectoryIsFilledAndKeepsItsTime() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        w.directory("root", 0555L, at(1_600_000_000L, 5));
        w.directory("root/a", 0500L, at(1_500_000_000L, 0));
        w.directory("root/a/b", 0555L, at(1_400_000_000L, 7));
        w.file("root/a/b/f", 1, new ByteArrayInputStream(new byte[] {1}), 0444L, at(1_300_000_000L, 0));
        w.file("root/a/g", 1, new ByteArrayInputStream(new byte[] {2}), 0400L, null);
        w.directory("root/c", null, at(1_200_000_000L, 0));
        w.file("root/c/h", 1, new ByteArrayInputStream(new byte[] {3}));
        w.finish();
        Path dir = Files.createTempDirectory("tarro");
        try {
            Path out = dir.resolve("out");
            new TarExtractor(new ByteArrayInputStream(buf.toByteArray()), out).extract();
            assertThat(perms(out)).isEqualTo("r-xr-xr-x");
            assertThat(perms(out.resolve("a"))).isEqualTo("r-x------");
            assertThat(perms(out.resolve("a/b"))).isEqualTo("r-xr-xr-x");
            assertThat(perms(out.resolve("a/b/f"))).isEqualTo("r--r--r--");
            assertThat(perms(out.resolve("a/g"))).isEqualTo("r--------");
            assertThat(mtime(out)).isEqualTo(Instant.ofEpochSecond(1_600_000_000L, 5));
            assertThat(mtime(out.resolve("a"))).isEqualTo(Instant.ofEpochSecond(1_500_000_000L));
            assertThat(mtime(out.resolve("a/b"))).isEqualTo(Instant.ofEpochSecond(1_400_000_000L, 7));
            assertThat(mtime(out.resolve("a/b/f"))).isEqualTo(Instant.ofEpochSecond(1_300_000_000L));
            assertThat(mtime(out.resolve("c"))).isEqualTo(Instant.ofEpochSecond(1_200_000_000L));
        } finally {
            delete(dir);
        }
    }

    @Test
    void hostileHeadersNeverSetSpecialBitsOrFarOffTimes() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(rawHeader("root/", '5', "0007777", "00000000000", 0));
        buf.write(rawFile("root/suid", "4755", "77777777777", new byte[] {1}));
        buf.write(rawFile("root/typed", "0100600", "12345670123", new byte[] {2}));
        buf.write(rawFile("root/junk", "9x", "777777777777", new byte[] {3})); // bad mode, 12 digits of mtime
        buf.write(pax("mtime", "-5.5"));
        buf.write(rawFile("root/negative", "0600", "00000000001", new byte[] {4}));
        buf.write(pax("mtime", "99999999999999.5"));
        buf.write(rawFile("root/far", "0600", "0", new byte[] {5}));
        buf.write(pax("mtime", "1700000000.1234567891234"));
        buf.write(rawFile("root/fine", "0600", "0", new byte[] {6}));
        buf.write(pax("mtime", "17e8"));
        buf.write(rawFile("root/sci", "0600", "0", new byte[] {7}));
        buf.write(pax("mtime", "9".repeat(5000)));
        buf.write(rawFile("root/long", "0600", "0", new byte[] {8}));
        buf.write(new byte[1024]);
        Path dir = Files.createTempDirectory("tarhostile");
        Instant before = Instant.now().minusSeconds(5);
        try {
            Path out = dir.resolve("out");
            assertThat(new TarExtractor(new ByteArrayInputStream(buf.toByteArray()), out).extract()).isEqualTo(9);
            for (String name : new String[] {"", "suid", "typed"}) {
                int mode = (Integer) Files.getAttribute(out.resolve(name), "unix:mode", LinkOption.NOFOLLOW_LINKS);
                assertThat(mode & 07000).as(name).isZero();
            }
            assertThat(perms(out)).isEqualTo("rwxrwxrwx");
            assertThat(perms(out.resolve("suid"))).isEqualTo("rwxr-xr-x");
            assertThat(perms(out.resolve("typed"))).isEqualTo("rw-------");
            assertThat(mtime(out.resolve("suid"))).isEqualTo(Instant.ofEpochSecond(UnixTime.MAX_SECONDS));
            assertThat(mtime(out.resolve("typed"))).isEqualTo(Instant.ofEpochSecond(012345670123L));
            assertThat(mtime(out.resolve("junk"))).isAfter(before);
            // an unusable PAX time is ignored: the header's field decides
            assertThat(mtime(out.resolve("negative"))).isEqualTo(Instant.ofEpochSecond(1));
            assertThat(mtime(out.resolve("far"))).isAfter(before);
            assertThat(mtime(out.resolve("fine"))).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
            assertThat(mtime(out.resolve("sci"))).isAfter(before);
            assertThat(mtime(out.resolve("long"))).isAfter(before);
            assertThat(mtime(out)).isAfter(before);
        } finally {
            delete(dir);
        }
    }

    @Test
    void paxTimesAreWrittenWithTheirFraction() throws IOException {
        assertThat(archiveText(at(1_700_000_000L, 500_000_000))).contains("22 mtime=1700000000.5\n")
                .contains(String.format("%011o", 1_700_000_000L));
        assertThat(archiveText(at(1, 1))).contains("21 mtime=1.000000001\n");
        // whole seconds fit the header: no PAX header at all
        assertThat(archiveText(at(1_700_000_000L, 0))).doesNotContain("mtime=").doesNotContain("PaxHeader")
                .contains(String.format("%011o", 1_700_000_000L));
        assertThat(archiveText(at(-1, 5))).doesNotContain("mtime=");
        assertThat(TarExtractor.paxTime("1700000000.5")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        assertThat(TarExtractor.paxTime("1.000000001")).isEqualTo(Instant.ofEpochSecond(1, 1));
        assertThat(TarExtractor.paxTime("1.")).isEqualTo(Instant.ofEpochSecond(1));
        assertThat(TarExtractor.paxTime("8589934591.999999999")).isEqualTo(Instant.ofEpochSecond(8_589_934_591L,
                999_999_999));
        for (String bad : new String[] {"", ".", ".5", "-1", "+1", "0", "0.5", "1.2.3", " 1", "8589934592", "1,5",
            "x", "1.x"}) {
            assertThat(TarExtractor.paxTime(bad)).as(bad).isNull();
        }
    }

    private static String archiveText(UnixTime t) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(buf);
        w.file("f", 0, new ByteArrayInputStream(new byte[0]), null, t);
        w.finish();
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    private static String expectedPerms(long mode, int writerDefault, Path reference) throws IOException {
        int bits = (int) (mode & 0777);
        // the writer's default is what entries without a mode carry: left to the umask
        return bits == writerDefault ? perms(reference) : PosixFilePermissions.toString(DiskMetadata.permissions(bits));
    }

    static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static Instant mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
    }

    private static byte[] pax(String key, String value) {
        String rec = " " + key + "=" + value + "\n";
        int len = rec.length() + Integer.toString(rec.length()).length();
        len = rec.length() + Integer.toString(len).length();
        byte[] body = (len + rec).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[512 + (body.length + 511) / 512 * 512];
        System.arraycopy(rawHeader("PaxHeader", 'x', "0644", "0", body.length), 0, out, 0, 512);
        System.arraycopy(body, 0, out, 512, body.length);
        return out;
    }

    private static byte[] rawFile(String name, String mode, String mtime, byte[] data) {
        byte[] out = new byte[512 + (data.length + 511) / 512 * 512];
        System.arraycopy(rawHeader(name, '0', mode, mtime, data.length), 0, out, 0, 512);
        System.arraycopy(data, 0, out, 512, data.length);
        return out;
    }

    /** A ustar header with the mode and mtime fields as given (any text, to test what the reader accepts). */
    private static byte[] rawHeader(String name, char type, String mode, String mtime, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, mode);
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, mtime);
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    private static void delete(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            // restored read-only directories, when not running as root
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> children = Files.list(p)) {
                for (Path c : children.toList()) {
                    delete(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
