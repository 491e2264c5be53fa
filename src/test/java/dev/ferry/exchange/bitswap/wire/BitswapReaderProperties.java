package dev.ferry.exchange.bitswap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The reader that reuses its array reads exactly what {@link BitswapCodec#read} reads, message by message, whatever
 * the sizes and their order (a long message's leftovers in the array must never leak into a shorter one), fails where
 * it fails, and keeps no array once nothing more is waiting.
 */
class BitswapReaderProperties {
    private final BitswapCodecProperties messages = new BitswapCodecProperties();

    @Provide
    Arbitrary<List<BitswapMessage>> sequences() {
        return messages.messages().list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void readsWhatTheCodecReads(@ForAll("sequences") List<BitswapMessage> sent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BitswapMessage m : sent) {
            BitswapCodec.write(out, m, BitswapProtocol.V120);
        }
        byte[] wire = out.toByteArray();
        BitswapReader reader = new BitswapReader(new ByteArrayInputStream(wire), BitswapCodec.MAX_MESSAGE_SIZE);
        InputStream plain = new ByteArrayInputStream(wire);
        for (int i = 0; i < sent.size(); i++) {
            assertSame(reader.read(), BitswapCodec.read(plain, BitswapCodec.MAX_MESSAGE_SIZE));
        }
        assertThat(reader.retained()).isZero(); // nothing waiting after the last message: no array kept
        assertThat(reader.read()).isNull();
    }

    @Property(tries = 500)
    void junkFailsAsTheCodecFails(@ForAll @Size(max = 300) byte[] junk,
            @ForAll @IntRange(min = 0, max = 2048) int maxSize) {
        BitswapReader reader = new BitswapReader(new ByteArrayInputStream(junk), maxSize);
        ByteArrayInputStream plain = new ByteArrayInputStream(junk);
        assertThat(outcomes(reader::read, 8)).isEqualTo(outcomes(() -> BitswapCodec.read(plain, maxSize), 8));
    }

    @Property(tries = 300)
    void truncatedStreamsFailLikeTheCodec(@ForAll("sequences") List<BitswapMessage> sent,
            @ForAll @IntRange(min = 0, max = 100_000) int cut) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BitswapMessage m : sent) {
            BitswapCodec.write(out, m, BitswapProtocol.V120);
        }
        byte[] all = out.toByteArray();
        byte[] wire = java.util.Arrays.copyOf(all, all.length == 0 ? 0 : cut % (all.length + 1));
        BitswapReader reader = new BitswapReader(new ByteArrayInputStream(wire), BitswapCodec.MAX_MESSAGE_SIZE);
        InputStream plain = new ByteArrayInputStream(wire);
        assertThat(outcomes(reader::read, sent.size() + 1))
                .isEqualTo(outcomes(() -> BitswapCodec.read(plain, BitswapCodec.MAX_MESSAGE_SIZE), sent.size() + 1));
    }

    private interface Read {
        BitswapMessage read() throws IOException;
    }

    /** Up to {@code max} results of {@code r}: a message's fields, "end", or the failure's class and message. */
    private static List<Object> outcomes(Read r, int max) {
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            try {
                BitswapMessage m = r.read();
                if (m == null) {
                    got.add("end");
                    return got;
                }
                got.add(fields(m));
            } catch (IOException | RuntimeException e) {
                got.add(e.getClass().getName() + ": " + e.getMessage());
                return got;
            }
        }
        return got;
    }

    private static List<Object> fields(BitswapMessage m) {
        List<Object> f = new ArrayList<>(List.of(m.wants(), m.full(), m.presences(), m.pendingBytes()));
        for (Payload p : m.blocks()) {
            f.add(p.prefix());
            f.add(java.util.HexFormat.of().formatHex(p.data()));
        }
        return f;
    }

    private static void assertSame(BitswapMessage a, BitswapMessage b) {
        assertThat(fields(a)).isEqualTo(fields(b));
    }
}
