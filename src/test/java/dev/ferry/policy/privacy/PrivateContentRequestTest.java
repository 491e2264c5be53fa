package dev.ferry.policy.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.dag.pb.PbCodec;
import dev.ferry.dag.pb.PbLink;
import dev.ferry.dag.pb.PbNode;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.request.FerryRequestException;
import dev.ferry.exchange.ferry.request.FerryRequestService;
import dev.ferry.exchange.ferry.request.ProxyUpstream;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.RequestConfig;
import dev.ferry.exchange.ferry.request.RequestFixtures;
import dev.ferry.exchange.ferry.request.ServePolicy;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Private content over /ferry/request between real hosts: only DIDs trusted at least privateTrust get it. */
@Timeout(60)
class PrivateContentRequestTest {
    static final Duration IDLE = Duration.ofSeconds(10);
    static final List<Source> PEER = List.of(Source.PEER);

    @TempDir
    Path dir;

    final SecureRandom random = new SecureRandom();
    final TestHosts hosts = new TestHosts();
    final List<FerryRequestService> services = new ArrayList<>();

    @AfterEach
    void close() {
        services.forEach(FerryRequestService::close);
        hosts.close();
    }

    final java.util.Map<PeerIdKey, Host> byPeer = new java.util.HashMap<>();

    record PeerIdKey(String id) {}

    FerryRequestService start(Identity id, MemoryBlockstore store, TrustLevels trust, ServePolicy policy)
            throws Exception {
        Host h = hosts.start(id);
        byPeer.put(new PeerIdKey(id.peerId().toString()), h);
        FerryRequestService s = FerryRequestService.start(h, store, trust, policy, ProxyUpstream.NONE,
                RequestConfig.defaults());
        services.add(s);
        return s;
    }

    @Test
    void privateContentGoesOnlyToTrustedDids() throws Exception {
        Identity owner = Identity.generate(random);
        Identity friend = Identity.generate(random);
        Identity stranger = Identity.generate(random);
        MemoryBlockstore store = new MemoryBlockstore();
        List<Block> secret = RequestFixtures.tree("secret", 2, 2);
        List<Block> open = RequestFixtures.tree("open", 1, 1);
        Cid secretRoot = RequestFixtures.store(store, secret);
        Cid openRoot = RequestFixtures.store(store, open);
        // a public DAG that contains a private leaf: privacy wins for that block
        Block mixed = Block.create(1, 0x70, PbCodec.encode(new PbNode(List.of(
                PbLink.of(open.getFirst().cid(), "a", 1), PbLink.of(secret.get(1).cid(), "b", 1)), new byte[0])));
        store.put(mixed);
        PrivateContent pc = PrivateContent.open(dir.resolve("private"));
        pc.markPrivate(secretRoot, store);
        RequestFixtures.Trust trust = new RequestFixtures.Trust().set(friend, 8).set(stranger, 6);

        FerryRequestService server = start(owner, store, trust, new PrivateServePolicy(pc, trust, 7));
        FerryRequestService friendly = start(friend, new MemoryBlockstore(), TrustLevels.NONE, ServePolicy.SERVE_ALL);
        FerryRequestService strange = start(stranger, new MemoryBlockstore(), TrustLevels.NONE,
                ServePolicy.SERVE_ALL);
        var serverPeer = owner.peerId();
        hostOf(friend).connect(TestHosts.dialable(hostOf(owner)));
        hostOf(stranger).connect(TestHosts.dialable(hostOf(owner)));

        MemoryBlockstore strangerInto = new MemoryBlockstore();
        assertThatThrownBy(() -> strange.fetch(serverPeer, secretRoot, PEER, 0, strangerInto, IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_ALLOWED));
        assertThatThrownBy(() -> strange.fetch(serverPeer, secretRoot.toV0(), PEER, 0, strangerInto, IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_ALLOWED));
        assertThatThrownBy(() -> strange.fetch(serverPeer, mixed.cid(), PEER, 0, strangerInto, IDLE))
                .isInstanceOfSatisfying(FerryRequestException.class,
                        e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_ALLOWED));
        try (Stream<Cid> s = strangerInto.cids()) {
            assertThat(s.noneMatch(pc::isPrivate)).isTrue();
        }
        assertThat(strange.fetch(serverPeer, openRoot, PEER, 0, new MemoryBlockstore(), IDLE)).isEqualTo(3);

        MemoryBlockstore friendInto = new MemoryBlockstore();
        assertThat(friendly.fetch(serverPeer, secretRoot, PEER, 0, friendInto, IDLE)).isEqualTo(secret.size());
        assertThat(friendly.fetch(serverPeer, mixed.cid(), PEER, 0, new MemoryBlockstore(), IDLE)).isEqualTo(5);
        assertThat(server.stats().refused(RefusalReason.NOT_ALLOWED)).isEqualTo(3);
    }

    Host hostOf(Identity id) {
        return byPeer.get(new PeerIdKey(id.peerId().toString()));
    }
}
