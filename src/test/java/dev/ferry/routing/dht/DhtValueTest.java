package dev.ferry.routing.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.routing.dht.wire.DhtMessage;
import dev.ferry.routing.dht.wire.DhtMessageType;
import dev.ferry.routing.dht.wire.DhtRecord;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.routing.ipns.IpnsRecordValidator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Value records (IPNS) on ferry DHT nodes: put, found across hops, newer ones win, stale ones corrected. */
@Timeout(90)
class DhtValueTest {
    private static final Map<String, RecordValidator> IPNS =
            Map.of(IpnsRecordValidator.NAMESPACE, new IpnsRecordValidator(Clock.systemUTC()));
    private final TestHosts hosts = new TestHosts();
    private final List<Dht> dhts = new ArrayList<>();
    private final List<Host> hostsOf = new ArrayList<>();

    @AfterEach
    void tearDown() {
        dhts.forEach(Dht::close);
        hosts.close();
    }

    private Dht node(Map<String, RecordValidator> validators) throws Exception {
        Host h = hosts.start();
        IdentifyService.install(h);
        Dht d = Dht.start(h, DhtTest.CONFIG, a -> true, validators);
        dhts.add(d);
        hostsOf.add(h);
        return d;
    }

    private Host host(Dht d) {
        return hostsOf.get(dhts.indexOf(d));
    }

    private List<Dht> chain(int n) throws Exception {
        List<Dht> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Dht d = node(IPNS);
            if (i > 0) {
                Dht prev = out.get(i - 1);
                host(d).connect(TestHosts.dialable(host(prev)));
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!d.table().contains(host(prev).peerId())) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(10);
                }
            }
            out.add(d);
        }
        for (Dht d : out) {
            d.bootstrap(Duration.ofSeconds(10));
        }
        return out;
    }

    private static IpnsRecord record(PrivateKey key, String value, long sequence) {
        return IpnsRecord.create(key, value.getBytes(StandardCharsets.UTF_8), sequence,
                Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5).toNanos(), true);
    }

    private static String path(Optional<byte[]> value, IpnsName name) throws Exception {
        return IpnsRecord.verify(name, value.orElseThrow(), Instant.now()).path();
    }

    @Test
    void aRecordPutOnOneSideIsFoundOnTheOtherAndANewerOneWins() throws Exception {
        List<Dht> net = chain(8);
        PrivateKey key = dev.ferry.identity.Ed25519PrivateKey.generate(new SecureRandom());
        IpnsName name = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
        Dht first = net.getFirst();
        Dht last = net.getLast();
        assertThat(first.putValue(name.routingKey(), record(key, "/ipfs/one", 1).bytes(), Duration.ofSeconds(20)))
                .isPositive();
        assertThat(path(last.getValue(name.routingKey(), 16, Duration.ofSeconds(20)), name)).isEqualTo("/ipfs/one");
        // a newer record replaces it on the peers that took the first
        assertThat(first.putValue(name.routingKey(), record(key, "/ipfs/two", 2).bytes(), Duration.ofSeconds(20)))
                .isPositive();
        assertThat(path(net.get(4).getValue(name.routingKey(), 16, Duration.ofSeconds(20)), name))
                .isEqualTo("/ipfs/two");
        // nobody has a record of a name never published
        IpnsName unknown = new IpnsName(PeerId.fromPublicKey(
                dev.ferry.identity.Ed25519PrivateKey.generate(new SecureRandom()).publicKey()));
        assertThat(last.getValue(unknown.routingKey(), 16, Duration.ofSeconds(10))).isEmpty();
        // and nothing invalid goes out
        assertThatThrownBy(() -> first.putValue(unknown.routingKey(), record(key, "/ipfs/x", 3).bytes(),
                Duration.ofSeconds(5))).isInstanceOf(InvalidRecordException.class);
    }

    @Test
    void aServerRefusesOlderInvalidAndUnknownRecordsAndCorrectsAStalePeer() throws Exception {
        Dht server = node(IPNS);
        PeerId asker = PeerId.fromPublicKey(dev.ferry.identity.Ed25519PrivateKey.generate(new SecureRandom())
                .publicKey());
        PrivateKey key = dev.ferry.identity.Ed25519PrivateKey.generate(new SecureRandom());
        IpnsName name = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
        byte[] rk = name.routingKey();
        byte[] v2 = record(key, "/ipfs/two", 2).bytes();
        assertThat(server.answer(asker, put(rk, v2))).isNotNull();
        assertThat(server.answer(asker, DhtMessage.request(DhtMessageType.GET_VALUE, rk)).record().value())
                .isEqualTo(v2);
        assertThat(server.answer(asker, put(rk, record(key, "/ipfs/one", 1).bytes()))).isNull();
        assertThat(server.answer(asker, put(rk, new byte[] {1, 2, 3}))).isNull();
        byte[] other = "/other/key".getBytes(StandardCharsets.UTF_8);
        assertThat(server.answer(asker, put(other, v2))).isNull();
        assertThat(server.answer(asker, new DhtMessage(DhtMessageType.PUT_VALUE, rk, null, List.of(), List.of())))
                .isNull();
        // a record whose key is not the message's
        assertThat(server.answer(asker, new DhtMessage(DhtMessageType.PUT_VALUE, rk,
                new DhtRecord(IpnsName.parse(asker.toString()).routingKey(), v2, ""), List.of(), List.of())))
                .isNull();
        assertThat(server.answer(asker, DhtMessage.request(DhtMessageType.GET_VALUE, rk)).record().value())
                .isEqualTo(v2);
        // a node without validators keeps nothing
        Dht plain = node(Map.of());
        assertThat(plain.answer(asker, put(rk, v2))).isNull();
        assertThat(plain.answer(asker, DhtMessage.request(DhtMessageType.GET_VALUE, rk)).record()).isNull();
        assertThat(Dht.namespace("/ipns/x".getBytes())).contains("ipns");
        assertThat(Dht.namespace("//x".getBytes())).isEmpty();
        assertThat(Dht.namespace("ipns".getBytes())).isEmpty();

        // a peer that holds an older record is sent the newer one after a lookup
        Dht stale = node(IPNS);
        Dht asking = node(IPNS);
        stale.answer(asker, put(rk, record(key, "/ipfs/old", 1).bytes()));
        for (Dht d : List.of(server, stale)) {
            host(asking).connect(TestHosts.dialable(host(d)));
            asking.table().add(host(d).peerId());
        }
        assertThat(path(asking.getValue(rk, 16, Duration.ofSeconds(10)), name)).isEqualTo("/ipfs/two");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!java.util.Arrays.equals(stale.values().get(rk).orElseThrow().value(), v2)) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void theValueStoreIsBoundedAndAges() {
        long[] now = {0};
        ValueStore s = new ValueStore(() -> now[0]);
        byte[] big = new byte[10 * 1024];
        for (int i = 0; i < 2000; i++) {
            s.put(("/ipns/" + i).getBytes(), big, "t");
        }
        assertThat(s.bytes()).isLessThanOrEqualTo(ValueStore.MAX_BYTES);
        assertThat(s.get("/ipns/0".getBytes())).isEmpty();
        assertThat(s.get("/ipns/1999".getBytes())).isPresent();
        now[0] += ValueStore.MAX_AGE.toNanos() + 1;
        assertThat(s.get("/ipns/1999".getBytes())).isEmpty();
        for (int i = 0; i < ValueStore.MAX_KEYS + 10; i++) {
            s.put(("/k/" + i).getBytes(), new byte[1], "t");
        }
        assertThat(s.keys()).isEqualTo(ValueStore.MAX_KEYS);
    }

    private static DhtMessage put(byte[] key, byte[] value) {
        return new DhtMessage(DhtMessageType.PUT_VALUE, key, new DhtRecord(key, value, ""), List.of(), List.of());
    }
}
