package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPNS on nodes: a name published on one node resolves on another through the DHT (sub-paths, names of names,
 * keystore keys, newer records, the resolve cache), and offline publishing, restarts and bad input behave.
 */
@Timeout(90)
class NodeNamesTest {
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration TTL = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    private Node node(String name, String routingType) throws Exception {
        Path dir = tmp.resolve(name);
        if (!Repo.isInitialized(dir)) {
            Repo.init(dir, new SecureRandom());
            PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
            Repo.updateConfig(dir, c -> {
                c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
                c.set("Routing.Type", RepoConfig.parseValue(routingType, false));
                c.set("Routing.PrivateAddresses", RepoConfig.parseValue("true", true));
            });
        }
        return Node.start(Repo.open(dir));
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    private static IpnsName nameOf(Node n) {
        return new IpnsName(n.identity().peerId());
    }

    @Test
    void aNamePublishedOnOneNodeResolvesOnAnotherThroughTheDht() throws Exception {
        Cid root = Block.raw("version one".getBytes(StandardCharsets.UTF_8)).cid();
        Cid root2 = Block.raw("version two".getBytes(StandardCharsets.UTF_8)).cid();
        try (Node a = node("a", "auto"); Node b = node("b", "dhtserver"); Node c = node("c", "auto")) {
            b.host().connect(dialable(a));
            c.host().connect(dialable(b));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> a.dht().orElseThrow().table().contains(b.host().peerId())
                            && c.dht().orElseThrow().table().contains(b.host().peerId()))).isTrue();
            IpnsName name = nameOf(a);
            NameSystem.Published p = a.names().publish("self", "/ipfs/" + root, DAY, TTL, false);
            assertThat(p.peers()).isPositive();
            assertThat(p.record().name()).isEqualTo(name);
            assertThat(p.record().sequence()).isZero();
            assertThat(c.names().resolve("/ipns/" + name, true, true)).isEqualTo("/ipfs/" + root);
            assertThat(c.names().resolve(name.toString() + "/a/b", true, true)).isEqualTo("/ipfs/" + root + "/a/b");
            assertThat(c.names().resolve("/ipns/" + a.identity().peerId(), true, true)).isEqualTo("/ipfs/" + root);

            // a keystore key's name that points to the node's name
            PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());
            a.names().keys().add("site", other);
            IpnsName site = new IpnsName(PeerId.fromPublicKey(other.publicKey()));
            a.names().publish("site", "/ipns/" + name + "/docs", DAY, TTL, false);
            assertThat(c.names().resolve("/ipns/" + site, true, true)).isEqualTo("/ipfs/" + root + "/docs");
            assertThat(c.names().resolve("/ipns/" + site, false, true)).isEqualTo("/ipns/" + name + "/docs");

            // a newer value: the cache holds the old one for its TTL, a lookup without it finds the new one
            NameSystem.Published p2 = a.names().publish("self", root2.toString(), DAY, TTL, false);
            assertThat(p2.record().sequence()).isEqualTo(1);
            assertThat(c.names().resolve("/ipns/" + name, true, true)).isEqualTo("/ipfs/" + root);
            assertThat(c.names().resolve("/ipns/" + name, true, false)).isEqualTo("/ipfs/" + root2);
            assertThat(a.names().resolve("/ipns/" + name, true, true)).isEqualTo("/ipfs/" + root2);

            // republishing signs again with the next sequence and the same value
            a.names().republish();
            IpnsRecord r = c.names().record(name, false).orElseThrow();
            assertThat(r.sequence()).isEqualTo(2);
            assertThat(r.path()).isEqualTo("/ipfs/" + root2);
            assertThat(c.names().record(site, false).orElseThrow().sequence()).isEqualTo(1);

            // nobody has published this one
            IpnsName nobody = new IpnsName(PeerId.fromPublicKey(Ed25519PrivateKey.generate(new SecureRandom())
                    .publicKey()));
            assertThatThrownBy(() -> c.names().resolve("/ipns/" + nobody, true, true))
                    .isInstanceOf(NameException.class).matches(e -> ((NameException) e).notFound());
        }
    }

    @Test
    void offlinePublishingRestartsAndBadInput() throws Exception {
        Cid root = Block.raw("offline".getBytes(StandardCharsets.UTF_8)).cid();
        IpnsName name;
        try (Node n = node("solo", "none")) {
            name = nameOf(n);
            assertThatThrownBy(() -> n.names().publish("self", "/ipfs/" + root, DAY, TTL, false))
                    .isInstanceOf(NameException.class).hasMessageContaining("--allow-offline");
            NameSystem.Published p = n.names().publish("self", "/ipfs/" + root, DAY, TTL, true);
            assertThat(p.peers()).isZero();
            assertThat(n.names().resolve("/ipns/" + name, true, true)).isEqualTo("/ipfs/" + root);
            for (String bad : new String[] {"/ipfs/notacid", "/foo/bar", "/ipns/", "nonsense path"}) {
                assertThatThrownBy(() -> n.names().publish("self", bad, DAY, TTL, true)).as(bad)
                        .isInstanceOf(NameException.class);
            }
            assertThatThrownBy(() -> n.names().publish("nokey", "/ipfs/" + root, DAY, TTL, true))
                    .isInstanceOf(NameException.class).hasMessageContaining("no key named");
            assertThatThrownBy(() -> n.names().publish("../x", "/ipfs/" + root, DAY, TTL, true))
                    .isInstanceOf(NameException.class);
            assertThatThrownBy(() -> n.names().resolve("/ipns/not_a_name", true, true))
                    .isInstanceOf(NameException.class).hasMessageContaining("invalid IPNS name");
            assertThatThrownBy(() -> n.names().resolve("/ipns/k51notaname", true, true))
                    .isInstanceOf(NameException.class).hasMessageContaining("invalid IPNS name");
            // a name pointing to itself ends
            n.names().publish("self", "/ipns/" + name, DAY, TTL, true);
            assertThatThrownBy(() -> n.names().resolve("/ipns/" + name, true, true))
                    .isInstanceOf(NameException.class).hasMessageContaining("32");
            n.names().publish("self", "/ipfs/" + root, DAY, TTL, true);
        }
        // the sequence goes on after a restart, and the repo alone resolves the node's own name
        try (Node n = node("solo", "none")) {
            assertThat(n.names().publish("self", "/ipfs/" + root, DAY, TTL, true).record().sequence()).isEqualTo(3);
        }
        try (Repo r = Repo.open(tmp.resolve("solo")); NameSystem offline = NameSystem.offline(r)) {
            assertThat(offline.resolve(name.toString(), true, true)).isEqualTo("/ipfs/" + root);
            assertThat(offline.keys().list()).containsKey("self");
        }
    }

    @Test
    void namesTravelOverPubsubWithoutADht() throws Exception {
        Cid v1 = Block.raw("over pubsub, one".getBytes(StandardCharsets.UTF_8)).cid();
        Cid v2 = Block.raw("over pubsub, two".getBytes(StandardCharsets.UTF_8)).cid();
        try (Node a = pubsubNode("pa"); Node b = pubsubNode("pb")) {
            assertThat(a.dht()).isEmpty();
            b.host().connect(dialable(a));
            IpnsName name = nameOf(a);
            a.names().publish("self", "/ipfs/" + v1, DAY, Duration.ofHours(1), true);
            // b joins the name's topic and fetches the record from a, which is in it
            assertThat(b.names().resolve("/ipns/" + name, true, true)).isEqualTo("/ipfs/" + v1);
            // a new record reaches b as it is published: b's cache (TTL an hour) is updated at once
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> b.pubsub().orElseThrow().peers(NamePubsub.topic(name)).contains(a.host().peerId())))
                    .isTrue();
            a.names().publish("self", "/ipfs/" + v2, DAY, Duration.ofHours(1), true);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10), () -> {
                try {
                    return b.names().resolve("/ipns/" + name, true, true).equals("/ipfs/" + v2);
                } catch (NameException e) {
                    return false;
                }
            })).isTrue();
        }
    }

    @Test
    void domainsResolveByDnsLink() throws Exception {
        Cid root = Block.raw("linked from dns".getBytes(StandardCharsets.UTF_8)).cid();
        try (dev.ferry.testing.TestDnsServer dns = new dev.ferry.testing.TestDnsServer()) {
            Path dir = tmp.resolve("dns");
            Repo.init(dir, new SecureRandom());
            PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
            Repo.updateConfig(dir, c -> {
                c.set("Routing.Type", RepoConfig.parseValue("none", false));
                c.set("DNS.Resolvers", RepoConfig.parseValue("{\"example.\": \"dns://" + dns.address()
                        + "\", \"eth.\": \"https://resolver.cloudflare-eth.com/dns-query\"}", true));
            });
            try (Node n = Node.start(Repo.open(dir))) {
                IpnsName own = nameOf(n);
                n.names().publish("self", "/ipfs/" + root, DAY, TTL, true);
                dns.setTxt("_dnslink.site.example", List.of("dnslink=/ipfs/" + root + "/www"));
                dns.setTxt("_dnslink.named.example", List.of("dnslink=/ipns/" + own));
                dns.setTxt("_dnslink.alias.example", List.of("dnslink=/ipns/site.example/blog"));
                assertThat(n.names().resolve("/ipns/site.example/a", true, true)).isEqualTo("/ipfs/" + root + "/www/a");
                assertThat(n.names().resolve("named.example", true, true)).isEqualTo("/ipfs/" + root);
                assertThat(n.names().resolve("/ipns/alias.example", true, true))
                        .isEqualTo("/ipfs/" + root + "/www/blog");
                assertThat(n.names().resolve("/ipns/alias.example", false, true)).isEqualTo("/ipns/site.example/blog");
                assertThatThrownBy(() -> n.names().resolve("/ipns/missing.example", true, true))
                        .isInstanceOf(NameException.class).hasMessageContaining("_dnslink.missing.example")
                        .matches(e -> ((NameException) e).notFound());
            }
        }
    }

    private Node pubsubNode(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Routing.Type", RepoConfig.parseValue("none", false)));
        return Node.start(Repo.open(dir));
    }
}
