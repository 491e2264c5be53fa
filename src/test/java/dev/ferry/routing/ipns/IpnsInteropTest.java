package dev.ferry.routing.ipns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.Secp256k1PrivateKey;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.JsPeer;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.DhtConfig;
import dev.ferry.routing.ipns.wire.IpnsProto.IpnsEntry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * IPNS against js-ipns (the {@code ipns} package from npm) and {@code @libp2p/kad-dht} configured with its validator
 * and selector: records made on either side verify and read the same on the other, for every key type; records put
 * into the DHT by either side are found by the other.
 */
@Tag("interop")
@Timeout(120)
class IpnsInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long TTL = Duration.ofMinutes(5).toNanos();
    private final TestHosts hosts = new TestHosts();
    private final List<Dht> dhts = new ArrayList<>();
    private final List<JsPeer> js = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (JsPeer j : js) {
            j.close();
        }
        dhts.forEach(Dht::close);
        hosts.close();
    }

    private JsPeer jsPeer() throws Exception {
        JsPeer j = new JsPeer("dht/peer.mjs", Map.of());
        js.add(j);
        return j;
    }

    private record Ferry(Host host, Dht dht) {}

    private Ferry ferry() throws Exception {
        Host h = hosts.start();
        IdentifyService.install(h);
        dev.ferry.net.ping.PingService.install(h);
        Dht d = Dht.start(h, DhtConfig.defaults().withProtocol(DhtConfig.LAN), a -> true,
                Map.of(IpnsRecordValidator.NAMESPACE, new IpnsRecordValidator(Clock.systemUTC())));
        dhts.add(d);
        return new Ferry(h, d);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    @Test
    void recordsMadeOnEitherSideVerifyAndReadTheSameOnTheOther() throws Exception {
        JsPeer j = jsPeer();
        // js makes, ferry verifies
        for (String keyType : List.of("Ed25519", "RSA", "secp256k1")) {
            for (boolean v1 : List.of(true, false)) {
                Map<String, Object> args = new LinkedHashMap<>();
                args.put("keyType", keyType);
                args.put("value", "/ipfs/bafkqaddwgevxmmraojswg33smq");
                args.put("seq", 42);
                args.put("lifetimeMs", 3_600_000);
                args.put("ttlNs", TTL);
                args.put("v1", v1);
                JsonNode made = j.call("ipnsCreate", args, WAIT);
                IpnsName name = IpnsName.parse(made.get("name").asText());
                byte[] bytes = Base64.getDecoder().decode(made.get("record").asText());
                IpnsRecord r = IpnsRecord.verify(name, bytes, Instant.now());
                assertThat(r.path()).as(keyType).isEqualTo("/ipfs/bafkqaddwgevxmmraojswg33smq");
                assertThat(r.sequence()).isEqualTo(42);
                assertThat(r.ttlNanos()).isEqualTo(TTL);
                assertThat(r.validity()).isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
                assertThat(IpnsEntry.parseFrom(bytes).hasSignatureV1()).isEqualTo(v1);
            }
        }
        // ferry makes, js verifies
        Map<String, PrivateKey> keys = new LinkedHashMap<>();
        keys.put("Ed25519", IpnsKeys.ed25519());
        keys.put("RSA", IpnsKeys.rsa());
        keys.put("secp256k1", Secp256k1PrivateKey.generate(new SecureRandom()));
        Instant validity = Instant.parse("2030-01-02T03:04:05.123456789Z");
        for (Map.Entry<String, PrivateKey> k : keys.entrySet()) {
            for (boolean v1 : List.of(true, false)) {
                IpnsRecord r = IpnsRecord.create(k.getValue(), "/ipns/k51example/a b".getBytes(StandardCharsets.UTF_8),
                        -2L, validity, TTL, v1);
                JsonNode read = j.call("ipnsVerify", Map.of("name", r.name().toString(), "record", b64(r.bytes())),
                        WAIT);
                assertThat(read.get("value").asText()).as(k.getKey()).isEqualTo("/ipns/k51example/a b");
                assertThat(read.get("sequence").asText()).isEqualTo("18446744073709551614");
                assertThat(read.get("validity").asText()).isEqualTo("2030-01-02T03:04:05.123456789Z");
                assertThat(read.get("ttl").asText()).isEqualTo(Long.toString(TTL));
                assertThat(read.get("v1").asBoolean()).isEqualTo(v1);
                assertThat(read.get("pubKey").asBoolean()).isEqualTo(k.getKey().equals("RSA"));
            }
        }
        // what ferry refuses, js refuses too
        PrivateKey key = keys.get("Ed25519");
        IpnsRecord good = IpnsRecord.create(key, "/ipfs/x".getBytes(StandardCharsets.UTF_8), 1,
                Instant.now().plusSeconds(60), TTL, true);
        byte[] lying = IpnsEntry.parseFrom(good.bytes()).toBuilder().setValue(ByteString.copyFromUtf8("/ipfs/y"))
                .build().toByteArray();
        byte[] expired = IpnsRecord.create(key, "/ipfs/x".getBytes(StandardCharsets.UTF_8), 1,
                Instant.now().minusSeconds(1), TTL, true).bytes();
        for (byte[] bad : List.of(lying, expired)) {
            assertThatThrownBy(() -> IpnsRecord.verify(good.name(), bad, Instant.now()))
                    .isInstanceOf(InvalidIpnsRecordException.class);
            assertThatThrownBy(() -> j.call("ipnsVerify", Map.of("name", good.name().toString(), "record", b64(bad)),
                    WAIT)).hasMessageContaining("rror");
        }
    }

    @Test
    void recordsPutIntoTheDhtByEitherSideAreFoundByTheOther() throws Exception {
        Ferry f1 = ferry();
        JsPeer j1 = jsPeer();
        PeerId j1Id = PeerId.parse(j1.peerId);
        f1.host().connect(Multiaddr.parse(j1.address));
        awaitTable(f1, j1Id);
        awaitTable(j1);

        // ferry puts (PUT_VALUE ferry -> js server); a second js node, which knows only ferry, finds it
        PrivateKey key = IpnsKeys.ed25519();
        IpnsName name = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
        IpnsRecord ours = IpnsRecord.create(key, "/ipfs/from-ferry".getBytes(StandardCharsets.UTF_8), 1,
                Instant.now().plusSeconds(3600), TTL, true);
        assertThat(f1.dht().putValue(name.routingKey(), ours.bytes(), WAIT)).isEqualTo(1);
        JsPeer j2 = jsPeer();
        j2.call("dial", Map.of("addr", TestHosts.dialable(f1.host()).toString()), WAIT);
        awaitTable(j2);
        JsonNode got = j2.call("get", Map.of("key", b64(name.routingKey())), WAIT);
        assertThat(Base64.getDecoder().decode(got.get("value").asText())).isEqualTo(ours.bytes());

        // js puts a record it made (PUT_VALUE js -> ferry server); a fresh ferry node that knows only js finds it
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("keyType", "Ed25519");
        args.put("value", "/ipfs/from-js");
        args.put("seq", 5);
        args.put("lifetimeMs", 3_600_000);
        args.put("ttlNs", TTL);
        args.put("v1", true);
        JsonNode made = j1.call("ipnsCreate", args, WAIT);
        IpnsName theirs = IpnsName.parse(made.get("name").asText());
        byte[] theirBytes = Base64.getDecoder().decode(made.get("record").asText());
        assertThat(j1.call("put", Map.of("key", b64(theirs.routingKey()), "value", b64(theirBytes)), WAIT)
                .get("took").asInt()).isPositive();
        assertThat(f1.dht().values().get(theirs.routingKey())).isPresent();
        Ferry f2 = ferry();
        f2.host().connect(Multiaddr.parse(j1.address));
        awaitTable(f2, j1Id);
        byte[] found = f2.dht().getValue(theirs.routingKey(), 16, WAIT).orElseThrow();
        assertThat(IpnsRecord.verify(theirs, found, Instant.now()).path()).isEqualTo("/ipfs/from-js");
        // a newer ferry record replaces the older one on js
        IpnsRecord newer = IpnsRecord.create(key, "/ipfs/newer".getBytes(StandardCharsets.UTF_8), 2,
                Instant.now().plusSeconds(3600), TTL, true);
        assertThat(f2.dht().putValue(name.routingKey(), newer.bytes(), WAIT)).isPositive();
        got = j1.call("get", Map.of("key", b64(name.routingKey())), WAIT);
        assertThat(Base64.getDecoder().decode(got.get("value").asText())).isEqualTo(newer.bytes());
    }

    private static void awaitTable(JsPeer j) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (j.call("table", Map.of(), WAIT).get("size").asInt() < 1) {
            assertThat(System.nanoTime()).as("the js routing table stays empty").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitTable(Ferry f, PeerId peer) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!f.dht().table().contains(peer)) {
            assertThat(System.nanoTime()).as("ferry's routing table lacks " + peer).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
