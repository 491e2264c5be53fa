package dev.ferry.net.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RecordProperties {
    private static final Identity ID = Identity.generate(new SecureRandom());

    @Property(tries = 200)
    void recordsRoundTrip(@ForAll long seq, @ForAll @Size(max = 8) List<@IntRange(min = 1, max = 65535) Integer> ports)
            throws Exception {
        List<Multiaddr> addrs = new ArrayList<>();
        for (int p : ports) {
            addrs.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + p));
        }
        SignedPeerRecord r = SignedPeerRecord.create(ID, seq, addrs);
        assertThat(SignedPeerRecord.open(r.bytes()).record()).isEqualTo(new PeerRecord(ID.peerId(), seq, addrs));
    }

    @Property(tries = 2000)
    void arbitraryBytesRaiseOnlyTheDeclaredException(@ForAll @Size(max = 600) byte[] bytes) {
        try {
            SignedPeerRecord.open(bytes);
        } catch (RecordFormatException expected) {
            // the only way to fail
        }
        try {
            PeerRecord.decode(bytes);
        } catch (RecordFormatException expected) {
            // the only way to fail
        }
    }

    @Property(tries = 1000)
    void flippingAnyByteOfASignedRecordNeverYieldsAnotherValidRecord(@ForAll @IntRange(min = 0, max = 10_000) int at,
            @ForAll @IntRange(min = 1, max = 255) int xor) throws Exception {
        SignedPeerRecord r = SignedPeerRecord.create(ID, 5, List.of(Multiaddr.parse("/ip4/192.0.2.7/tcp/4001")));
        byte[] b = r.bytes();
        b[at % b.length] ^= (byte) xor;
        try {
            SignedPeerRecord back = SignedPeerRecord.open(b);
            // a flip may land where protobuf does not look (it cannot: every byte is in a field); if it opens,
            // it must say exactly what was signed
            assertThat(back.record()).isEqualTo(r.record());
        } catch (RecordFormatException expected) {
            // refused
        }
    }
}
