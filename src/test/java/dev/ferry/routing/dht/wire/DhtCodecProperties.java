package dev.ferry.routing.dht.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DhtCodecProperties {
    @Provide
    Arbitrary<DhtPeer> peers() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(30).list().ofMaxSize(4),
                Arbitraries.integers().between(0, 3)).as(DhtPeer::new);
    }

    @Provide
    Arbitrary<DhtMessage> messages() {
        Arbitrary<DhtRecord> records = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100), Arbitraries.strings().ofMaxLength(10))
                .as(DhtRecord::new).injectNull(0.5);
        return Combinators.combine(Arbitraries.of(DhtMessageType.class),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60), records, peers().list().ofMaxSize(5),
                peers().list().ofMaxSize(5)).as(DhtMessage::new);
    }

    @Property(tries = 300)
    void messagesRoundTripThroughFrames(@ForAll @Size(max = 5) List<@From("messages") DhtMessage> sent) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DhtMessage m : sent) {
            DhtCodec.write(out, m);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (DhtMessage m : sent) {
            DhtMessage got = DhtCodec.read(in);
            assertThat(DhtCodec.encode(got)).isEqualTo(DhtCodec.encode(m));
            assertThat(got.type()).isEqualTo(m.type());
            assertThat(got.key()).isEqualTo(m.key());
            assertThat(got.closerPeers()).hasSameSizeAs(m.closerPeers());
        }
        assertThat(DhtCodec.read(in)).isNull();
    }

    @Property(tries = 3000)
    void arbitraryBytesRaiseOnlyTheDeclaredException(@ForAll @Size(max = 300) byte[] body) {
        try {
            DhtCodec.decode(body);
        } catch (DhtWireException expected) {
            // the one way to fail
        }
        try {
            DhtCodec.read(new ByteArrayInputStream(body));
        } catch (DhtWireException expected) {
            // refused
        } catch (java.io.IOException e) {
            throw new AssertionError("a decoding failure must be a DhtWireException", e);
        }
    }

    @Test
    void capsAreCheckedBeforeAllocation() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(DhtCodec.MAX_FRAME + 1L, out);
        assertThatThrownBy(() -> DhtCodec.read(new ByteArrayInputStream(out.toByteArray())))
                .isInstanceOf(DhtWireException.class).hasMessageContaining("at most");
        List<DhtPeer> many = new ArrayList<>();
        for (int i = 0; i < DhtCodec.MAX_PEERS + 1; i++) {
            many.add(new DhtPeer(new byte[] {1}, List.of(), 0));
        }
        byte[] tooMany = DhtCodec.encode(new DhtMessage(DhtMessageType.FIND_NODE, new byte[0], null, many, List.of()));
        assertThatThrownBy(() -> DhtCodec.decode(tooMany)).isInstanceOf(DhtWireException.class);
        byte[] bigKey = DhtCodec.encode(DhtMessage.request(DhtMessageType.FIND_NODE, new byte[DhtCodec.MAX_KEY + 1]));
        assertThatThrownBy(() -> DhtCodec.decode(bigKey)).isInstanceOf(DhtWireException.class);
        byte[] unknownType = {0x08, 0x09}; // type 9
        assertThatThrownBy(() -> DhtCodec.decode(unknownType)).isInstanceOf(DhtWireException.class)
                .hasMessageContaining("type");
    }
}
