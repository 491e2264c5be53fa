package dev.ferry.net.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.relay.wire.HopMessage;
import dev.ferry.net.relay.wire.Limit;
import dev.ferry.net.relay.wire.Peer;
import dev.ferry.net.relay.wire.RelayCodec;
import dev.ferry.net.relay.wire.RelayWireException;
import dev.ferry.net.relay.wire.Reservation;
import dev.ferry.net.relay.wire.Status;
import dev.ferry.net.relay.wire.StopMessage;
import dev.ferry.net.relay.wire.Voucher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The codec round-trips every message it may write, and arbitrary bytes only ever raise its own exception. */
class RelayCodecProperties {
    static final Identity RELAY = Identity.generate(new SecureRandom());
    static final List<PeerId> PEERS = List.of(RELAY.peerId(), Identity.generate(new SecureRandom()).peerId());
    static final List<Multiaddr> ADDRS = List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/4001"),
            Multiaddr.parse("/ip6/::1/tcp/1/ws"), Multiaddr.parse("/dns4/relay.example/tcp/443/wss/p2p/"
                    + PEERS.getFirst()));

    @Property(tries = 300)
    void hopMessagesRoundTrip(@ForAll("hops") HopMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RelayCodec.write(out, m);
        out.write(42); // what follows the frame (a relayed connection's first byte) is left unread
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(RelayCodec.readHop(in)).isEqualTo(m);
        assertThat(in.read()).isEqualTo(42);
    }

    @Property(tries = 300)
    void stopMessagesRoundTrip(@ForAll("stops") StopMessage m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RelayCodec.write(out, m);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(RelayCodec.readStop(in)).isEqualTo(m);
        assertThat(in.available()).isZero();
    }

    @Property(tries = 100)
    void vouchersRoundTripAndVerify(@ForAll("peers") PeerId peer, @ForAll long expiration) throws IOException {
        Voucher v = new Voucher(RELAY.peerId(), peer, Math.abs(expiration % Long.MAX_VALUE));
        assertThat(Voucher.decode(v.encode())).isEqualTo(v);
        assertThat(Voucher.open(v.seal(RELAY))).isEqualTo(v);
    }

    @Property(tries = 1000)
    void arbitraryBodiesOnlyRaiseTheWireException(@ForAll @Size(max = 600) byte[] body) {
        try {
            RelayCodec.decodeHop(body);
        } catch (RelayWireException expected) {
            // fine
        }
        try {
            RelayCodec.decodeStop(body);
        } catch (RelayWireException expected) {
            // fine
        }
        try {
            Voucher.decode(body);
        } catch (RelayWireException expected) {
            // fine
        }
    }

    @Property(tries = 1000)
    void arbitraryStreamsOnlyRaiseIoExceptions(@ForAll @Size(max = 600) byte[] bytes) {
        try {
            RelayCodec.readHop(new ByteArrayInputStream(bytes));
        } catch (IOException expected) {
            // fine: the wire exception is one
        }
        try {
            RelayCodec.readStop(new ByteArrayInputStream(bytes));
        } catch (IOException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<PeerId> peers() {
        return Arbitraries.of(PEERS);
    }

    Arbitrary<Peer> peer() {
        return Combinators.combine(peers(), Arbitraries.of(ADDRS).list().ofMaxSize(3)).as(Peer::new);
    }

    Arbitrary<Limit> limit() {
        return Combinators.combine(Arbitraries.longs().between(0, Limit.MAX_DURATION_SECONDS),
                Arbitraries.longs().between(0, Long.MAX_VALUE)).as(Limit::new);
    }

    Arbitrary<Reservation> reservation() {
        return Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.of(ADDRS).list()
                .ofMaxSize(3), Arbitraries.of(true, false)).as((expire, addrs, signed) -> new Reservation(expire,
                addrs, signed ? new Voucher(RELAY.peerId(), PEERS.getLast(), expire).seal(RELAY) : null));
    }

    @Provide
    Arbitrary<HopMessage> hops() {
        Arbitrary<HopMessage> reserve = Arbitraries.just(HopMessage.reserve());
        Arbitrary<HopMessage> connect = peer().map(HopMessage::connect);
        Arbitrary<HopMessage> status = Combinators.combine(Arbitraries.of(Status.class),
                reservation().injectNull(0.3), limit().injectNull(0.3)).as(HopMessage::status);
        return Arbitraries.oneOf(reserve, connect, status);
    }

    @Provide
    Arbitrary<StopMessage> stops() {
        Arbitrary<StopMessage> connect = Combinators.combine(peer(), limit().injectNull(0.3))
                .as(StopMessage::connect);
        Arbitrary<StopMessage> status = Arbitraries.of(Status.class).map(StopMessage::status);
        return Arbitraries.oneOf(connect, status);
    }
}
