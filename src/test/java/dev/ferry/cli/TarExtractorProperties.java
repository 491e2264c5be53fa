package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.rpc.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
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

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
