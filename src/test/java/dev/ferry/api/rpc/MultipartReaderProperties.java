package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The multipart reader: round trips, hostile input fails only with MultipartException, memory stays bounded. */
class MultipartReaderProperties {
    static final String B = "XyZ-boundary-42";
    static final MultipartLimits LIMITS = new MultipartLimits(20, 256, 8, 128, 1024);

    record Part(String name, byte[] content) {}

    static byte[] encode(List<Part> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.writeBytes("\r\n".getBytes());
            }
            out.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"file-" + i + "\"; filename=\""
                    + java.net.URLEncoder.encode(parts.get(i).name(), StandardCharsets.UTF_8).replace("+", "%20")
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(parts.get(i).content());
        }
        out.writeBytes(("\r\n--" + B + "--\r\n").getBytes());
        return out.toByteArray();
    }

    /** Reads every part to its end, returning them; bodies capped so a bug cannot eat the heap. */
    static List<Part> readAll(InputStream in, MultipartLimits limits) throws IOException {
        MultipartReader r = new MultipartReader(in, B, limits);
        List<Part> out = new ArrayList<>();
        for (Optional<MultipartPart> p = r.next(); p.isPresent(); p = r.next()) {
            out.add(new Part(p.get().fileName(), p.get().body().readNBytes(1 << 20)));
        }
        return out;
    }

    @Provide
    Arbitrary<List<Part>> parts() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '/', '%').ofMaxLength(40);
        Arbitrary<byte[]> contents = Arbitraries.bytes().array(byte[].class).ofMaxSize(3000)
                .injectDuplicates(0.1);
        return Combinators.combine(names, contents).as(Part::new).list().ofMaxSize(8);
    }

    @Property(tries = 300)
    void roundTrip(@ForAll("parts") List<Part> parts) throws IOException {
        for (Part p : parts) {
            Assume.that(indexOf(p.content(), ("\r\n--" + B).getBytes()) < 0);
        }
        List<Part> back = readAll(new ByteArrayInputStream(encode(parts)), LIMITS);
        assertThat(back).hasSize(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            assertThat(back.get(i).name()).isEqualTo(parts.get(i).name());
            assertThat(back.get(i).content()).isEqualTo(parts.get(i).content());
        }
    }

    @Property(tries = 200)
    void byteByByteReadsGiveTheSameParts(@ForAll("parts") List<Part> parts) throws IOException {
        for (Part p : parts) {
            Assume.that(indexOf(p.content(), ("\r\n--" + B).getBytes()) < 0);
        }
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(encode(parts)), B, LIMITS);
        for (Part expected : parts) {
            InputStream body = r.next().orElseThrow().body();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int b = body.read(); b >= 0; b = body.read()) {
                got.write(b);
            }
            assertThat(got.toByteArray()).isEqualTo(expected.content());
        }
        assertThat(r.next()).isEmpty();
    }

    @Property(tries = 300)
    void arbitraryBytesFailOnlyWithMultipartException(@ForAll @Size(max = 4000) byte[] junk,
            @ForAll boolean validStart) {
        byte[] in = validStart ? concat(("--" + B + "\r\n").getBytes(), junk) : junk;
        expectOnlyMultipartException(in);
    }

    @Property(tries = 300)
    void mutatedBodiesFailOnlyWithMultipartException(@ForAll("parts") List<Part> parts,
            @ForAll @IntRange(min = 0, max = 100_000) int at, @ForAll byte value, @ForAll @IntRange(min = 0, max = 2) int op) {
        byte[] body = encode(parts);
        int i = at % body.length;
        byte[] mutated = switch (op) {
            case 0 -> {
                byte[] c = body.clone();
                c[i] = value;
                yield c;
            }
            case 1 -> concat(Arrays.copyOf(body, i), Arrays.copyOfRange(body, i + 1, body.length));
            default -> Arrays.copyOf(body, i);
        };
        expectOnlyMultipartException(mutated);
    }

    static void expectOnlyMultipartException(byte[] in) {
        try {
            readAll(new ByteArrayInputStream(in), LIMITS);
        } catch (MultipartException expected) {
            // the one declared failure
        } catch (IOException e) {
            throw new AssertionError("undeclared IOException " + e, e);
        }
    }

    @Test
    void endlessHeaderLineOrPreambleFailsAfterABoundedRead() {
        CountingStream endless = new CountingStream(("--" + B + "\r\n").getBytes(), (byte) 'h');
        assertThatThrownBy(() -> readAll(endless, LIMITS)).isInstanceOf(MultipartException.class)
                .hasMessageContaining("too long");
        assertThat(endless.read).isLessThan(128 * 1024);
        CountingStream preamble = new CountingStream(new byte[0], (byte) 'p');
        assertThatThrownBy(() -> readAll(preamble, LIMITS)).isInstanceOf(MultipartException.class)
                .hasMessageContaining("preamble");
        assertThat(preamble.read).isLessThan(128 * 1024);
    }

    @Test
    void tooManyPartsAndHeadersAreRefused() {
        List<Part> many = new ArrayList<>();
        for (int i = 0; i < LIMITS.maxParts() + 1; i++) {
            many.add(new Part("f" + i, new byte[] {1}));
        }
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(encode(many)), LIMITS))
                .isInstanceOf(MultipartException.class).hasMessageContaining("too many parts");
        StringBuilder h = new StringBuilder("--" + B + "\r\n");
        for (int i = 0; i <= LIMITS.maxHeaders(); i++) {
            h.append("X-H").append(i).append(": v\r\n");
        }
        h.append("\r\nbody\r\n--").append(B).append("--");
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(h.toString().getBytes()), LIMITS))
                .isInstanceOf(MultipartException.class).hasMessageContaining("too many headers");
        String longName = "--" + B + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"" + "n".repeat(200)
                + "\"\r\n\r\nx\r\n--" + B + "--";
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(longName.getBytes()), LIMITS))
                .isInstanceOf(MultipartException.class).hasMessageContaining("file name too long");
    }

    @Test
    void aLargeBodyStreamsThroughAFixedBuffer() throws IOException {
        CountingStream in = new CountingStream(("--" + B + "\r\n\r\n").getBytes(), (byte) 0);
        MultipartReader r = new MultipartReader(in, B, LIMITS);
        InputStream body = r.next().orElseThrow().body();
        byte[] chunk = new byte[8192];
        long got = 0;
        while (got < 64L << 20) {
            int n = body.read(chunk, 0, chunk.length);
            assertThat(n).isPositive();
            got += n;
            // the reader never runs far ahead of what was read out of it
            assertThat(in.read - got).isLessThan(128 * 1024);
        }
    }

    @Test
    void boundaryParsing() throws MultipartException {
        assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=abc")).isEqualTo("abc");
        assertThat(MultipartReader.boundaryOf("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThatThrownBy(() -> MultipartReader.boundaryOf("text/plain")).isInstanceOf(MultipartException.class);
        assertThatThrownBy(() -> MultipartReader.boundaryOf(null)).isInstanceOf(MultipartException.class);
        assertThatThrownBy(() -> MultipartReader.boundaryOf("multipart/form-data")).isInstanceOf(MultipartException.class);
        assertThatThrownBy(() -> MultipartReader.boundaryOf("multipart/form-data; boundary=" + "b".repeat(300)))
                .isInstanceOf(MultipartException.class);
    }

    @Property(tries = 300)
    void boundaryOfArbitraryTextFailsOnlyWithMultipartException(@ForAll @Size(max = 300) String contentType) {
        try {
            MultipartReader.boundaryOf(contentType);
        } catch (MultipartException expected) {
            // declared
        }
    }

    /** A prefix, then one byte repeated forever; counts what was read. */
    static final class CountingStream extends InputStream {
        private final byte[] prefix;
        private final byte fill;
        long read;

        CountingStream(byte[] prefix, byte fill) {
            this.prefix = prefix;
            this.fill = fill;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            read(one, 0, 1);
            return one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = read + i < prefix.length ? prefix[(int) (read + i)] : fill;
            }
            read += len;
            return len;
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
