package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.JsPeer;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPNS over pubsub against js-libp2p ({@code @libp2p/gossipsub} and {@code @libp2p/fetch}): a js peer in a name's
 * topic receives the records a ferry node publishes and fetches the current one from it; a ferry node resolving a
 * name fetches its record from a js peer in the topic, then hears the next record the js peer publishes there.
 */
@Tag("interop")
@Timeout(120)
class IpnsPubsubInteropTest {
    private static final Duration CALL = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void recordsTravelBothWaysOverGossipsubAndFetch() throws Exception {
        Path dir = tmp.resolve("ferry");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Routing.Type", RepoConfig.parseValue("none", false)));
        try (Node f = Node.start(Repo.open(dir)); JsPeer j = new JsPeer("pubsub/peer.mjs", Map.of())) {
            f.host().connect(Multiaddr.parse(j.address));
            IpnsName ours = new IpnsName(f.identity().peerId());
            String ourTopic = NamePubsub.topic(ours);
            f.names().publish("self", "/ipfs/bafkqaddwgevxmmraojswg33smq", Duration.ofHours(1),
                    Duration.ofMinutes(5), true);
            // js joins our name's topic and gets the next record as it is published
            j.call("subscribe", Map.of("topic", ourTopic), CALL);
            j.call("waitPeer", Map.of("topic", ourTopic, "peer", f.identity().peerId().toString(), "timeoutMs", 15000),
                    CALL);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> f.pubsub().orElseThrow().peers(ourTopic).contains(PeerId.parse(j.peerId)))).isTrue();
            f.names().publish("self", "/ipfs/bafkqaddwgevxmmraojswg33smq/next", Duration.ofHours(1),
                    Duration.ofMinutes(5), true);
            JsonNode m = j.awaitEvent("message", CALL);
            assertThat(m.get("topic").asText()).isEqualTo(ourTopic);
            assertThat(m.get("type").asText()).isEqualTo("signed");
            IpnsRecord heard = IpnsRecord.verify(ours, Base64.getDecoder().decode(m.get("data").asText()),
                    Instant.now());
            assertThat(heard.sequence()).isEqualTo(1);
            assertThat(heard.path()).endsWith("/next");
            // and fetches the current one from us
            JsonNode fetched = j.call("fetch", Map.of("peer", f.identity().peerId().toString(),
                    "key", b64(ours.routingKey())), CALL);
            assertThat(IpnsRecord.verify(ours, Base64.getDecoder().decode(fetched.get("value").asText()),
                    Instant.now()).sequence()).isEqualTo(1);

            // a name whose records the js peer holds and publishes
            PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
            IpnsName theirs = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
            String theirTopic = NamePubsub.topic(theirs);
            IpnsRecord first = IpnsRecord.create(key, "/ipfs/bafkqaddwgevxmmraojswg33smq/one".getBytes(
                    StandardCharsets.UTF_8), 1, Instant.now().plusSeconds(3600), Duration.ofHours(1).toNanos(), true);
            j.call("hold", Map.of("key", b64(theirs.routingKey()), "value", b64(first.bytes())), CALL);
            j.call("subscribe", Map.of("topic", theirTopic), CALL);
            // ferry joins the topic on resolving and fetches the record from the js peer
            assertThat(f.names().resolve("/ipns/" + theirs, true, true)).endsWith("/one");
            j.call("waitPeer", Map.of("topic", theirTopic, "peer", f.identity().peerId().toString(),
                    "timeoutMs", 15000), CALL);
            IpnsRecord second = IpnsRecord.create(key, "/ipfs/bafkqaddwgevxmmraojswg33smq/two".getBytes(
                    StandardCharsets.UTF_8), 2, Instant.now().plusSeconds(3600), Duration.ofHours(1).toNanos(), true);
            j.call("publish", Map.of("topic", theirTopic, "data", b64(second.bytes())), CALL);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10), () -> {
                try {
                    return f.names().resolve("/ipns/" + theirs, true, true).endsWith("/two");
                } catch (NameException e) {
                    return false;
                }
            })).isTrue();
            // an older record published on the topic is not taken
            j.call("publish", Map.of("topic", theirTopic, "data", b64(first.bytes())), CALL);
            Thread.sleep(300);
            assertThat(f.names().resolve("/ipns/" + theirs, true, true)).endsWith("/two");
        }
    }
}
