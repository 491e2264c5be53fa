package dev.ferry.dag.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chunkers against known answers and their invariants: the content comes back exactly, chunk sizes stay within the
 * chunker's bounds, the cuts do not depend on how the stream delivers the bytes, and no more than about one chunk of
 * the largest size is read ahead.
 */
class ChunkerTest {
    private static final List<ChunkerSpec> SPECS = List.of(
            new ChunkerSpec.Fixed(1000),
            ChunkerSpec.parse("rabin"),
            ChunkerSpec.parse("rabin-16-100-300"),
            ChunkerSpec.parse("rabin-1024-4096-16384"),
            ChunkerSpec.parse("rabin-1024-5000-9000"),
            new ChunkerSpec.Buzhash());

    /**
     * Kubo's {@code rabin-MIN-AVG-MAX} on a SHA-256 chain ("hello world" hashed again and again, 4 MiB + 17 bytes).
     * The sizes were computed with rabin-rs 2.1.0 given Kubo's polynomial and window, an implementation its authors
     * check against chunk lists Kubo made; ferry's chunker also gives Kubo's list for that project's rand_5MiB file
     * with {@code rabin-262144-524288-1048576}: 895059, 686255, 467859, 626819, 280748, 310603, 734239, 499556, 741742.
     */
    @Test
    void kuboRabinKnownAnswers() throws IOException {
        byte[] data = sha256Chain(4 * 1024 * 1024 + 17);
        known(data, "rabin", 19, "189236,177457,196201,158014,140719,91735,282460,246016,355564,157678,204884,234462",
                "289d8c61e92b201d");
        known(data, "rabin-262144-524288-1048576", 9,
                "366693,272066,314603,528476,513242,439346,481986,1048576,229333", "b1cdc01b8ab502ba");
        known(data, "rabin-1024-4096-16384", 813, "1692,16384,9842,10132,9593,7068,3448,1651,4876,2364,2338,2533",
                "4f27e4393acf8a10");
        known(data, "rabin-16-100-300", 53_631, "78,43,45,26,193,177,54,20,42,300,19,135", "ae36dfc64f433f20");
    }

    /** js ipfs-unixfs-importer's polynomial on the same data (rabin-rs with js's polynomial). */
    @Test
    void jsPolynomialKnownAnswers() throws IOException {
        byte[] data = sha256Chain(4 * 1024 * 1024 + 17);
        List<Integer> sizes = sizes(new ChunkerSpec.Rabin(87_381, 262_144, 393_216, ChunkerSpec.Rabin.JS_POLYNOMIAL),
                new ByteArrayInputStream(data));
        assertThat(join(sizes.subList(0, 12)))
                .isEqualTo("164691,197076,165615,234837,393216,330189,317982,393216,211715,180104,285240,393216");
        assertThat(sizes).hasSize(17);
    }

    private static void known(byte[] data, String spec, int count, String first, String sha256Prefix)
            throws IOException {
        List<Integer> sizes = sizes(ChunkerSpec.parse(spec), new ByteArrayInputStream(data));
        assertThat(sizes).as(spec).hasSize(count);
        assertThat(join(sizes.subList(0, Math.min(12, count)))).as(spec).isEqualTo(first);
        assertThat(sha256(join(sizes).getBytes(StandardCharsets.US_ASCII)).substring(0, 16)).as(spec)
                .isEqualTo(sha256Prefix);
    }

    /**
     * Kubo's buzhash finds no cut in 160000 bytes of "foo\n" (ipfs/kubo issue 6953, whose leaves are these CIDs): the
     * file is its one leaf.
     */
    @Test
    void kuboBuzhashKnownAnswer() throws IOException {
        byte[] foo = "foo\n".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
        ImportOptions o = ImportOptions.kuboDefaults().withOnlyHash(true).withChunker("buzhash");
        assertThat(root(o, foo)).isEqualTo("QmcNJ4CKYGuya2ndNr9ymV7oQsT4S69SdwmTzaiW7c9vAC");
        assertThat(root(o.withRawLeaves(true), foo))
                .isEqualTo("bafkreigqq7maj23te3dkn4j76n7haab7lgmdz5fztubrdgsv44k4vyipsa");
        assertThat(sizes(new ChunkerSpec.Buzhash(), new ByteArrayInputStream(foo))).containsExactly(160_000);
    }

    /** boxo's own check of its table: every bit position is set in exactly half of the 256 values. */
    @Test
    void buzhashTableIsBalanced() {
        assertThat(BuzhashChunker.TABLE).hasSize(256);
        for (int bit = 0; bit < 32; bit++) {
            int ones = 0;
            for (int v : BuzhashChunker.TABLE) {
                ones += (v >>> bit) & 1;
            }
            assertThat(ones).as("bit " + bit).isEqualTo(128);
        }
    }

    /** Kubo's sharness: a small file is one chunk whatever the chunker, so its CID is the default one. */
    @Test
    void smallFileIsTheSameWhateverTheChunker() throws IOException {
        byte[] hello = "Hello Worlds!\n".getBytes(StandardCharsets.US_ASCII);
        for (String spec : List.of("rabin", "rabin-36-512-1024", "buzhash", "size-64")) {
            ImportOptions o = ImportOptions.kuboDefaults().withOnlyHash(true).withChunker(spec);
            assertThat(root(o, hello)).as(spec).isEqualTo("QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH");
        }
    }

    @Test
    void everyChunkerReassemblesWithinBoundsWhateverTheReads() throws IOException {
        Random r = new Random(7);
        List<byte[]> inputs = new ArrayList<>();
        for (int size : new int[] {0, 1, 15, 16, 17, 999, 1000, 1001, 4_096, 70_000, 131_072, 131_073, 600_000,
            1_500_000, 3_000_000}) {
            inputs.add(ChunkerInteropTest.randomBytes(r, size));
        }
        inputs.add(ChunkerInteropTest.lowEntropy(r, 2_000_000));
        inputs.add(new byte[1_200_000]);
        for (ChunkerSpec spec : SPECS) {
            int min = switch (spec) {
                case ChunkerSpec.Fixed f -> f.size();
                case ChunkerSpec.Rabin rb -> rb.min();
                case ChunkerSpec.Buzhash b -> BuzhashChunker.MIN;
            };
            for (byte[] in : inputs) {
                List<byte[]> whole = chunks(spec, new ByteArrayInputStream(in));
                ByteArrayOutputStream back = new ByteArrayOutputStream();
                for (int i = 0; i < whole.size(); i++) {
                    byte[] c = whole.get(i);
                    back.writeBytes(c);
                    assertThat(c.length).as(spec + " chunk " + i).isBetween(1, spec.maxChunkSize());
                    if (i < whole.size() - 1) {
                        assertThat(c.length).as(spec + " chunk " + i + " of " + whole.size()).isGreaterThanOrEqualTo(min);
                    }
                }
                assertThat(back.toByteArray()).as(spec + " " + in.length).isEqualTo(in);
                // the same cuts when the stream hands out 1..N bytes at a time
                List<Integer> expected = whole.stream().map(c -> c.length).toList();
                for (int maxRead : new int[] {1, 13, 65_536}) {
                    if (maxRead == 1 && in.length > 200_000) {
                        continue;
                    }
                    assertThat(sizes(spec, new Trickling(in, maxRead, new Random(maxRead))))
                            .as(spec + " reads of up to " + maxRead).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void readsAtMostAboutOneLargestChunkAhead() throws IOException {
        byte[] in = ChunkerInteropTest.randomBytes(new Random(3), 6_000_000);
        for (ChunkerSpec spec : SPECS) {
            Trickling stream = new Trickling(in, 100_000, new Random(1));
            Chunker c = Chunker.open(spec, stream, n -> { });
            long taken = 0;
            while (!c.done()) {
                // a peeked chunk and what the chunker buffers for the one after it
                assertThat(stream.consumed - taken).as(spec.spec()).isLessThanOrEqualTo(2L * spec.maxChunkSize());
                taken += c.next().length;
                assertThat(stream.consumed - taken).as(spec.spec()).isLessThanOrEqualTo(spec.maxChunkSize());
            }
            assertThat(taken).isEqualTo(in.length);
        }
    }

    @Test
    void contentDefinedCutsFollowTheContentAfterAnInsertion() throws IOException {
        byte[] base = ChunkerInteropTest.randomBytes(new Random(11), 4_000_000);
        byte[] edited = new byte[base.length + 1];
        edited[0] = 42;
        System.arraycopy(base, 0, edited, 1, base.length);
        for (ChunkerSpec spec : List.of(ChunkerSpec.parse("rabin"), new ChunkerSpec.Buzhash(), ChunkerSpec.DEFAULT)) {
            List<String> a = chunks(spec, new ByteArrayInputStream(base)).stream().map(ChunkerTest::sha256).toList();
            List<String> b = chunks(spec, new ByteArrayInputStream(edited)).stream().map(ChunkerTest::sha256).toList();
            long shared = b.stream().filter(a::contains).count();
            // fixed-size chunks all shift; content-defined ones find the same cuts again (a cut at the maximum
            // size is the one that can keep them apart a little longer)
            if (spec instanceof ChunkerSpec.Fixed) {
                assertThat(shared).isZero();
            } else {
                assertThat(shared).as(spec.spec()).isGreaterThanOrEqualTo(a.size() - 4L).isPositive();
            }
        }
    }

    @Test
    void fileAndStreamGiveTheSameDagForEveryLayout(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws IOException {
        byte[] data = ChunkerInteropTest.randomBytes(new Random(5), 2_500_000);
        java.nio.file.Path f = java.nio.file.Files.write(tmp.resolve("f"), data);
        for (String spec : List.of("rabin-1024-4096-16384", "buzhash")) {
            for (boolean trickle : new boolean[] {false, true}) {
                ImportOptions o = ImportOptions.kuboDefaults().withOnlyHash(true).withChunker(spec)
                        .withTrickle(trickle).withCidVersion(1).withMaxLinks(7);
                Cid fromFile = new UnixfsImporter(null, o).importPath(f).cid();
                assertThat(root(o, data)).as(spec + " trickle " + trickle).isEqualTo(fromFile.toString());
            }
        }
    }

    /** A write into a stored file relinks its leading leaves only when chunks are fixed: other cuts may move. */
    @Test
    void storedLeavesAreReusedOnlyWithFixedSizeChunks() throws IOException {
        byte[] data = ChunkerInteropTest.randomBytes(new Random(12), 3_000_000);
        for (String spec : List.of("size-262144", "rabin", "buzhash")) {
            dev.ferry.store.MemoryBlockstore store = new dev.ferry.store.MemoryBlockstore();
            ImportOptions o = ImportOptions.kuboDefaults().withChunker(spec);
            Cid file = new UnixfsImporter(store, o).importStream(new ByteArrayInputStream(data), "f").cid();
            FilePrefix prefix = FilePrefix.of(store, file, o, data.length);
            if (spec.startsWith("size-")) {
                assertThat(prefix.leafCount()).isEqualTo(11);
            } else {
                assertThat(prefix.leafCount()).as(spec).isZero();
            }
        }
    }

    private static String root(ImportOptions o, byte[] data) throws IOException {
        return new UnixfsImporter(null, o).importStream(new ByteArrayInputStream(data), "f").cid().toString();
    }

    static List<byte[]> chunks(ChunkerSpec spec, InputStream in) throws IOException {
        Chunker c = Chunker.open(spec, in, n -> { });
        List<byte[]> out = new ArrayList<>();
        byte[] chunk;
        while ((chunk = c.next()) != null) {
            out.add(chunk);
        }
        return out;
    }

    static List<Integer> sizes(ChunkerSpec spec, InputStream in) throws IOException {
        return chunks(spec, in).stream().map(c -> c.length).toList();
    }

    private static String join(List<Integer> sizes) {
        return String.join(",", sizes.stream().map(String::valueOf).toList());
    }

    static byte[] sha256Chain(int n) {
        byte[] out = new byte[n];
        byte[] cur = "hello world".getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < n; off += cur.length) {
            cur = digest(cur);
            System.arraycopy(cur, 0, out, off, Math.min(cur.length, n - off));
        }
        return out;
    }

    private static String sha256(byte[] b) {
        return HexFormat.of().formatHex(digest(b));
    }

    private static byte[] digest(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Hands out its bytes 1..maxRead at a time, and counts what it has handed out. */
    static final class Trickling extends InputStream {
        private final byte[] data;
        private final int maxRead;
        private final Random random;
        long consumed;

        Trickling(byte[] data, int maxRead, Random random) {
            this.data = data;
            this.maxRead = maxRead;
            this.random = random;
        }

        @Override
        public int read() {
            return consumed < data.length ? data[(int) consumed++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (consumed >= data.length) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, 1 + random.nextInt(maxRead)), data.length - consumed);
            System.arraycopy(data, (int) consumed, b, off, n);
            consumed += n;
            return n;
        }
    }
}
