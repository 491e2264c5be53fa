package dev.ferry.exchange.ferry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.ferry.wire.CapabilitiesFormatException;
import dev.ferry.exchange.ferry.wire.CapabilitiesWire;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Record round trips, and arbitrary bytes never make the decoders throw anything but their declared exceptions. */
class CapabilitiesCodecProperties {
    static final Identity ALICE = CapabilitiesFixtures.seeded(7);

    @Property(tries = 200)
    void signedRecordsRoundTrip(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq,
            @ForAll boolean enabled, @ForAll @IntRange(min = 1, max = 4) int type,
            @ForAll @IntRange(min = 0, max = 4) int addrCount, @ForAll @IntRange(min = 0, max = 65535) int port,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long up, @ForAll @LongRange(min = 0) long down,
            @ForAll @Size(max = 20) List<@Size(min = 1, max = 40) byte[]> items, @ForAll boolean gateway)
            throws Exception {
        List<Multiaddr> addrs = new ArrayList<>();
        for (int i = 0; i < addrCount; i++) {
            addrs.add(Multiaddr.parse("/ip4/10.0.0." + i + "/tcp/" + port));
        }
        BloomFilter.Builder b = BloomFilter.builder(items.size(), 0.01);
        items.forEach(b::add);
        IpfsNode ipfs = new IpfsNode(enabled, IpfsNodeType.fromCode(type).orElseThrow(),
                gateway ? Optional.of(URI.create("https://example.org:" + port + "/ipfs")) : Optional.empty(), addrs);
        CapabilitiesRecord r = new CapabilitiesRecord(ALICE.did(), seq, ipfs, b.build(), new BandwidthLimit(up, down));
        SignedCapabilities s = CapabilitiesCodec.sign(r, ALICE);
        SignedCapabilities back = CapabilitiesCodec.open(CapabilitiesCodec.encode(s), ALICE.publicKey(),
                BloomFilter.MAX_BITS, 32);
        assertThat(back.record()).isEqualTo(r);
        assertThat(CapabilitiesCodec.encodeRecord(back.record())).isEqualTo(s.recordBytes());
    }

    @Property(tries = 1000)
    void recordDecoderOnlyThrowsTheFormatException(@ForAll @Size(max = 400) byte[] input) {
        try {
            CapabilitiesCodec.decodeRecord(input, 1 << 12, 32);
        } catch (CapabilitiesFormatException expected) {
            // fine
        }
    }

    @Property(tries = 1000)
    void openOnlyRefuses(@ForAll @Size(max = 400) byte[] input) {
        try {
            CapabilitiesCodec.open(input, ALICE.publicKey(), 1 << 12, 32);
        } catch (CapabilitiesRefusedException expected) {
            // fine
        }
    }

    @Property(tries = 500)
    void mutatedHonestMessagesOnlyRefuse(@ForAll @IntRange(min = 0, max = 10_000) int position,
            @ForAll byte value) throws Exception {
        byte[] env = CapabilitiesCodec.encode(CapabilitiesCodec.sign(CapabilitiesFixtures.record(ALICE, 3,
                BloomFilter.builder(10, 0.01).add(BloomFilterTest.HELLO).build()), ALICE));
        int at = position % env.length;
        if (env[at] == value) {
            return;
        }
        env[at] = value;
        try {
            CapabilitiesCodec.open(env, ALICE.publicKey(), 1 << 12, 32);
            throw new AssertionError("a changed byte was accepted at " + at);
        } catch (CapabilitiesRefusedException expected) {
            // fine: every byte is covered by the form checks or the signature
        }
    }

    @Property(tries = 500)
    void frameReaderOnlyThrowsIoAndNeverAllocatesBeyondTheCap(@ForAll @Size(max = 64) byte[] input) {
        try {
            byte[] body = CapabilitiesWire.readFrame(new ByteArrayInputStream(input), 32);
            assertThat(body == null || body.length <= 32).isTrue();
        } catch (CapabilitiesFormatException expected) {
            // fine
        } catch (IOException e) {
            throw new AssertionError("only the format exception is expected from an in-memory stream", e);
        }
    }
}
