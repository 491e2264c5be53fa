package dev.ferry.pubsub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.store.Block;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Content notices round-trip, and anything else decodes to the codec's own exception only. */
class ContentNoticeCodecProperties {
    @Provide
    Arbitrary<ContentNotice> notices() {
        Arbitrary<Cid> cids = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(b -> Block.raw(b).cid());
        Arbitrary<Multiaddr> addrs = Arbitraries.integers().between(1, 65535)
                .map(p -> Multiaddr.parse("/ip4/127.0.0.1/tcp/" + p));
        return cids.list().ofMinSize(1).ofMaxSize(ContentNotice.MAX_ROOTS)
                .flatMap(r -> addrs.list().ofMaxSize(ContentNotice.MAX_ADDRESSES).map(a -> new ContentNotice(r, a)));
    }

    @Property(tries = 300)
    void roundTrips(@ForAll("notices") ContentNotice n) throws PubsubWireException {
        assertThat(ContentNoticeCodec.decode(ContentNoticeCodec.encode(n))).isEqualTo(n);
    }

    @Property(tries = 2000)
    void junkFailsOnlyWithTheWireException(@ForAll @Size(max = 300) byte[] junk) {
        try {
            ContentNoticeCodec.decode(junk);
        } catch (PubsubWireException expected) {
            // declared
        }
    }

    @Property(tries = 100)
    void tooManyRootsOrAddressesOrANamedPeerAreRefused(@ForAll @IntRange(min = 0, max = 2) int kind) {
        var b = ContentNoticeProto.ContentNotice.newBuilder();
        ByteString root = ByteString.copyFrom(Block.raw(new byte[] {1}).cid().bytes());
        switch (kind) {
            case 0 -> {
                for (int i = 0; i <= ContentNotice.MAX_ROOTS; i++) {
                    b.addRoots(root);
                }
            }
            case 1 -> {
                b.addRoots(root);
                for (int i = 0; i <= ContentNotice.MAX_ADDRESSES; i++) {
                    b.addAddrs(ByteString.copyFrom(Multiaddr.parse("/ip4/1.2.3.4/tcp/1").bytes()));
                }
            }
            default -> b.addRoots(root).addAddrs(ByteString.copyFrom(Multiaddr.parse(
                    "/ip4/1.2.3.4/tcp/1/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA").bytes()));
        }
        assertThatThrownBy(() -> ContentNoticeCodec.decode(b.build().toByteArray()))
                .isInstanceOf(PubsubWireException.class);
    }

    @Property(tries = 10)
    void anEmptyNoticeIsRefused(@ForAll @Size(max = 0) List<Integer> none) {
        assertThatThrownBy(() -> ContentNoticeCodec.decode(new byte[0])).isInstanceOf(PubsubWireException.class);
    }
}
