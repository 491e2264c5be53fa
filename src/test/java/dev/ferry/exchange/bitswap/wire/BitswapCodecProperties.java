package dev.ferry.exchange.bitswap.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class BitswapCodecProperties {

    @Provide
    Arbitrary<BitswapMessage> messages() {
        Arbitrary<Cid> cids = Arbitraries.bytes().array(byte[].class).ofMaxSize(16).flatMap(d -> Arbitraries.of(
                Cid.v0(Multihash.sha256(d)), Cid.v1(Multicodec.RAW.code(), Multihash.sha256(d)),
                Cid.v1(Multicodec.DAG_CBOR.code(), Multihash.sha256(d))));
        Arbitrary<WantEntry> wants = Combinators.combine(cids, Arbitraries.integers(), Arbitraries.of(false, true),
                Arbitraries.of(WantType.class), Arbitraries.of(false, true))
                .as((c, p, cancel, t, sdh) -> cancel ? WantEntry.cancel(c) : new WantEntry(c, p, false, t, sdh));
        Arbitrary<Payload> blocks = Combinators.combine(cids, Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                .as(Payload::of);
        Arbitrary<BlockPresence> presences = Combinators.combine(cids, Arbitraries.of(PresenceType.class))
                .as(BlockPresence::new);
        return Combinators.combine(wants.list().ofMaxSize(8), Arbitraries.of(false, true), blocks.list().ofMaxSize(4),
                presences.list().ofMaxSize(4), Arbitraries.integers().greaterOrEqual(0))
                .as(BitswapMessage::new);
    }

    @Property(tries = 300)
    void roundTripAtVersion120(@ForAll("messages") BitswapMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BitswapCodec.write(out, m, BitswapProtocol.V120);
        BitswapMessage back = BitswapCodec.read(new ByteArrayInputStream(out.toByteArray()),
                BitswapCodec.MAX_MESSAGE_SIZE);
        assertThat(back.wants()).isEqualTo(m.wants());
        assertThat(back.full()).isEqualTo(m.full() || false);
        assertThat(back.presences()).isEqualTo(m.presences());
        assertThat(back.pendingBytes()).isEqualTo(m.pendingBytes());
        assertThat(back.blocks()).hasSameSizeAs(m.blocks());
        for (int i = 0; i < m.blocks().size(); i++) {
            assertThat(back.blocks().get(i).prefix()).isEqualTo(m.blocks().get(i).prefix());
            assertThat(back.blocks().get(i).data()).isEqualTo(m.blocks().get(i).data());
            assertThat(back.blocks().get(i).cid()).isEqualTo(m.blocks().get(i).cid());
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyFailWithTheDeclaredException(@ForAll @Size(max = 200) byte[] junk) {
        try {
            BitswapCodec.decode(junk);
        } catch (BitswapWireException expected) {
            // fine
        }
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(junk);
            while (BitswapCodec.read(in, 1024) != null) {
                // keep reading until EOF or an error
            }
        } catch (IOException expected) {
            assertThat(expected).isInstanceOf(BitswapWireException.class);
        }
    }

    @Property(tries = 300)
    void mutatedMessagesOnlyFailWithTheDeclaredException(@ForAll("messages") BitswapMessage m,
            @ForAll @IntRange(min = 0, max = 10_000) int where, @ForAll byte value) {
        byte[] body = BitswapCodec.encode(m, BitswapProtocol.V120);
        if (body.length == 0) {
            return;
        }
        body[where % body.length] = value;
        try {
            BitswapMessage back = BitswapCodec.decode(body);
            for (Payload p : back.blocks()) {
                p.cid();
            }
        } catch (BitswapWireException expected) {
            // fine
        }
    }

    @Property(tries = 200)
    void lyingLengthsFailFast(@ForAll @IntRange(min = 1025, max = Integer.MAX_VALUE) int claimed,
            @ForAll @Size(max = 64) byte[] rest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(dev.ferry.multiformats.Varint.encode(claimed));
        out.writeBytes(rest);
        CountingInput in = new CountingInput(out.toByteArray());
        try {
            BitswapCodec.readFrame(in, 1024);
            throw new AssertionError("accepted a length of " + claimed);
        } catch (IOException e) {
            assertThat(e).isInstanceOf(BitswapWireException.class);
        }
        // nothing beyond the length prefix was consumed
        assertThat(in.consumed()).isEqualTo(dev.ferry.multiformats.Varint.size(claimed));
    }

    private static final class CountingInput extends ByteArrayInputStream {
        private final int total;

        CountingInput(byte[] b) {
            super(b);
            total = b.length;
        }

        int consumed() {
            return total - available();
        }
    }

    @Property(tries = 50)
    void olderVersionsDropWhatTheyCannotSay(@ForAll("messages") BitswapMessage m) throws IOException {
        for (BitswapProtocol p : List.of(BitswapProtocol.V110, BitswapProtocol.V100)) {
            BitswapMessage back = BitswapCodec.decode(BitswapCodec.encode(m, p));
            assertThat(back.presences()).isEmpty();
            assertThat(back.wants()).allMatch(w -> w.type() == WantType.BLOCK && !w.sendDontHave());
            assertThat(back.blocks()).hasSameSizeAs(m.blocks());
        }
    }
}
