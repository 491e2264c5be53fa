package dev.ferry.net.dcutr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.dcutr.wire.DcutrWireException;
import dev.ferry.net.dcutr.wire.HolePunch;
import dev.ferry.net.dcutr.wire.HolePunchCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The codec round-trips every message it may write, and arbitrary bytes only ever raise its own exception. */
class HolePunchCodecProperties {
    @Provide
    Arbitrary<HolePunch> messages() {
        Arbitrary<Multiaddr> addr = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 65535).map(p -> Multiaddr.parse("/ip4/192.0.2.1/tcp/" + p)),
                Arbitraries.integers().between(1, 65535).map(p -> Multiaddr.parse("/ip6/2001:db8::1/udp/" + p
                        + "/quic-v1")),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20)
                        .map(h -> Multiaddr.parse("/dns4/" + h + ".example/tcp/443/wss")));
        return Arbitraries.of(HolePunch.Type.class).flatMap(t -> addr.list().ofMaxSize(HolePunchCodec.MAX_ADDRS)
                .map(a -> new HolePunch(t, a)));
    }

    @Property(tries = 300)
    void messagesRoundTrip(@ForAll("messages") HolePunch m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HolePunchCodec.write(out, m);
        out.write(42);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(HolePunchCodec.read(in)).isEqualTo(m);
        assertThat(in.read()).isEqualTo(42);
    }

    @Property(tries = 1000)
    void arbitraryBodiesDecodeOrRaiseTheCodecsException(@ForAll @Size(max = 300) byte[] body) {
        try {
            HolePunch m = HolePunchCodec.decode(body);
            assertThat(m.obsAddrs().size()).isLessThanOrEqualTo(HolePunchCodec.MAX_ADDRS);
            assertThat(HolePunchCodec.decode(HolePunchCodec.encode(m))).isEqualTo(m);
        } catch (DcutrWireException e) {
            // refused, as it should be
        }
    }

    @Property(tries = 1000)
    void arbitraryStreamsReadOrRaiseIoExceptions(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            HolePunchCodec.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            // refused or cut short
        }
    }
}
