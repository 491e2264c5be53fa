package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Blockstore;
import dev.ferry.store.ForwardingBlockstore;
import dev.ferry.store.InvalidBlockException;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /ferry/request} carries DAGs hashed with other functions, and verifies each block with its function. */
@Timeout(60)
class FerryRequestHashFunctionsTest {
    static final Duration IDLE = Duration.ofSeconds(10);
    static final List<Source> PEER_ONLY = List.of(Source.PEER);

    final TestHosts hosts = new TestHosts();
    final List<FerryRequestService> services = new ArrayList<>();
    final SecureRandom random = new SecureRandom();

    @AfterEach
    void close() {
        services.forEach(FerryRequestService::close);
        hosts.close();
    }

    private FerryRequestService service(Host h, Blockstore store) {
        FerryRequestService s = FerryRequestService.start(h, store, TrustLevels.NONE, ServePolicy.SERVE_ALL,
                ProxyUpstream.NONE, RequestConfig.defaults());
        services.add(s);
        return s;
    }

    private static Cid add(Blockstore store, byte[] data, HashFunction f) throws Exception {
        return new UnixfsImporter(store, ImportOptions.kuboDefaults().withCidVersion(1).withHashFunction(f)
                .withChunkSize(65536)).importStream(new ByteArrayInputStream(data), "f").cid();
    }

    /** Serves one block's bytes with a bit flipped, as a corrupt disk would. */
    private static final class CorruptOne extends ForwardingBlockstore {
        private final Cid victim;

        CorruptOne(Blockstore delegate, Cid victim) {
            super(delegate);
            this.victim = victim;
        }

        @Override
        public Optional<byte[]> bytesForPeer(Cid cid) {
            Optional<byte[]> b = super.bytesForPeer(cid);
            if (!cid.equals(victim)) {
                return b;
            }
            byte[] flipped = b.orElseThrow().clone();
            flipped[flipped.length / 2] ^= 1;
            return Optional.of(flipped);
        }
    }

    @Test
    void dagsOfOtherFunctionsTravelAndCorruptBlocksAreRefused() throws Exception {
        byte[] data = new byte[300_000];
        new Random(1).nextBytes(data);
        MemoryBlockstore seeded = new MemoryBlockstore();
        Cid sha3 = add(seeded, data, HashFunction.SHA3_256);
        Cid blake = add(seeded, data, HashFunction.BLAKE2B_256);
        Cid leaf = dev.ferry.dag.walk.Links.of(seeded.get(blake).orElseThrow()).get(2); // a raw leaf, blake2b-256
        assertThat(leaf.codec()).isEqualTo(Multicodec.RAW.code());
        Host a = hosts.start(Identity.generate(random));
        Host b = hosts.start(Identity.generate(random));
        service(a, new CorruptOne(seeded, leaf));
        FerryRequestService client = service(b, new MemoryBlockstore());
        b.connect(TestHosts.dialable(a));

        MemoryBlockstore into = new MemoryBlockstore();
        assertThat(client.fetch(a.peerId(), sha3, PEER_ONLY, 0, into, IDLE)).isEqualTo(6); // 5 leaves, the root
        try (Stream<Cid> cids = into.cids()) {
            assertThat(cids.toList()).hasSize(6).allSatisfy(c -> assertThat(c.multihash().code()).isEqualTo(0x16));
        }

        MemoryBlockstore other = new MemoryBlockstore();
        assertThatThrownBy(() -> client.fetch(a.peerId(), blake, PEER_ONLY, 0, other, IDLE))
                .isInstanceOf(FerryRequestException.class).hasMessageContaining("does not match " + leaf);
        assertThat(other.has(leaf)).isFalse();

        // a root IPFS refuses is not even asked for
        Cid sha1 = Cid.v1(Multicodec.RAW.code(), Multihash.of(Multicodec.SHA1.code(), new byte[20]));
        assertThatThrownBy(() -> client.fetch(a.peerId(), sha1, PEER_ONLY, 0, other, IDLE))
                .isInstanceOf(InvalidBlockException.class).hasMessageContaining(HashFunction.INSECURE);
        assertThat(client.stats().requestsSent()).isEqualTo(2);
    }
}
