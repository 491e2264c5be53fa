package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.DagWalker;
import dev.ferry.exchange.bitswap.wire.BitswapCodec;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.exchange.ferry.BandwidthLimit;
import dev.ferry.exchange.ferry.BloomFilter;
import dev.ferry.exchange.ferry.CapabilitiesCodec;
import dev.ferry.exchange.ferry.CapabilitiesRecord;
import dev.ferry.exchange.ferry.CapabilitiesService;
import dev.ferry.exchange.ferry.IpfsNode;
import dev.ferry.exchange.ferry.pin.PinService;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
import dev.ferry.exchange.ferry.proof.ProofService;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
import dev.ferry.exchange.ferry.request.FerryRequestService;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.WireRequest;
import dev.ferry.identity.Ed25519PrivateKey;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.net.autonat.wire.AutonatCodec;
import dev.ferry.net.autonat.v2.AutonatV2Server;
import dev.ferry.net.autonat.v2.wire.AutonatV2Codec;
import dev.ferry.net.autonat.v2.wire.AutonatV2Message;
import dev.ferry.net.autonat.v2.wire.DialBack;
import dev.ferry.net.autonat.wire.AutonatMessage;
import dev.ferry.net.fetch.FetchService;
import dev.ferry.net.fetch.wire.FetchCodec;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.ResourceScopeStat;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.identify.wire.IdentifyCodec;
import dev.ferry.net.identify.wire.IdentifyMessage;
import dev.ferry.net.ping.PingService;
import dev.ferry.net.dcutr.HolePunchService;
import dev.ferry.net.dcutr.wire.HolePunch;
import dev.ferry.net.dcutr.wire.HolePunchCodec;
import dev.ferry.net.relay.RelayService;
import dev.ferry.net.relay.wire.HopMessage;
import dev.ferry.net.relay.wire.Limit;
import dev.ferry.net.relay.wire.Peer;
import dev.ferry.net.relay.wire.RelayCodec;
import dev.ferry.net.relay.wire.StopMessage;
import dev.ferry.node.content.Pinner;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoVerifier;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.wire.PubsubCodec;
import dev.ferry.pubsub.wire.Rpc;
import dev.ferry.pubsub.wire.WireMessage;
import dev.ferry.routing.dht.DhtConfig;
import dev.ferry.routing.dht.wire.DhtCodec;
import dev.ferry.routing.dht.wire.DhtMessage;
import dev.ferry.routing.dht.wire.DhtMessageType;
import dev.ferry.store.Block;
import dev.ferry.store.MemoryBlockstore;
import dev.ferry.store.PinType;
import dev.ferry.testing.ProtobufMutator;
import dev.ferry.testing.net.StreamEnds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node under attack on every protocol it serves, from hostile hosts (one per protocol, fresh identities):
 * random bytes, length prefixes of 2^31 and more, mutated valid messages, truncated frames followed by silence,
 * streams half-closed at once and bursts of streams opened and reset. Every stream must end within a bounded time,
 * and afterwards the node must be healthy: it answers ping and identify, serves its pinned DAG intact over Bitswap and
 * {@code /ferry/request}, its repository verifies, and what the attackers held (streams, threads, heap) is given back.
 *
 * <p>Seeded: the seed is printed, and {@code -Dferry.hostile.seed=N} replays a run.
 */
@Timeout(90)
class NodeHostileProtocolsTest {
    /** How long the node waits on a silent peer, here (the default is 60 s). */
    static final Duration IDLE = Duration.ofSeconds(2);
    /** How long a stream half-closed by the attacker may take to be ended by the node. */
    static final Duration PROMPT = Duration.ofSeconds(5);
    /** Mutants of the valid message per protocol. */
    static final int MUTANTS = 24;
    /** Streams opened and reset at once per protocol. */
    static final int BURST = 24;
    /** Protocols whose streams live as long as the connection: silence there is normal, not a fault. */
    static final Set<String> LONG_LIVED = Set.of(BitswapProtocol.V120.id(), BitswapProtocol.V110.id(),
            BitswapProtocol.V100.id(), BitswapProtocol.LEGACY.id(), Pubsub.MESHSUB_12_ID, Pubsub.MESHSUB_11_ID,
            Pubsub.MESHSUB_10_ID, Pubsub.FLOODSUB_ID);

    @TempDir
    Path tmp;

    record Input(String name, byte[] bytes, boolean halfClose) {}

    @Test
    void everyProtocolSurvivesHostileInputAndTheNodeStaysHealthy() throws Exception {
        long seed = Long.getLong("ferry.hostile.seed", new SecureRandom().nextLong());
        System.out.println("NodeHostileProtocolsTest seed " + seed + " (replay with -Dferry.hostile.seed=" + seed + ")");
        Random random = new Random(seed);

        Path dir = tmp.resolve("victim");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> c.set("Swarm.StreamIdleTimeout", RepoConfig.parseValue("\"2s\"", true)));
        // the relay service too, which a node serves by default only once AutoNAT finds it public
        Repo.updateConfig(dir, c -> c.set("Swarm.RelayService.Enabled", RepoConfig.parseValue("true", true)));
        try (Node victim = Node.start(Repo.open(dir))) {
            byte[] content = new byte[600_000];
            random.nextBytes(content);
            Cid root = new UnixfsImporter(victim.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(content), "hostile").cid();
            victim.repo().blocks().sync();
            new Pinner(victim.repo().blocks(), victim.repo().pins()).pinRecursive(root);
            List<Block> dag = new ArrayList<>();
            new DagWalker(victim.repo().blocks()).walk(List.of(root), dag::add);
            assertThat(dag.size()).isGreaterThan(2);

            List<String> protocols = victim.host().protocols().stream().sorted().toList();
            assertThat(protocols).isEqualTo(Node.protocols(victim.repo().config())).containsAll(Node.PROTOCOLS)
                    .contains(RelayService.HOP_PROTOCOL_ID);
            long streamsBefore = victim.host().resourceManager().stat().system().usage().streamsInbound();
            Map<String, Integer> platformBefore = platformThreads();
            long threadsBefore = allThreads();
            long heapBefore = usedHeapAfterGc();

            List<String> faults = new CopyOnWriteArrayList<>();
            AtomicInteger streams = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Hosts.Services> attackers = new CopyOnWriteArrayList<>();
            List<NegotiatedStream> heldOpen = new CopyOnWriteArrayList<>();
            Map<String, Long> seeds = new ConcurrentHashMap<>();
            for (String p : protocols) {
                seeds.put(p, random.nextLong());
            }
            long started = System.nanoTime();
            List<Thread> runs = new ArrayList<>();
            for (String p : protocols) {
                runs.add(Thread.ofVirtual().name("attack " + p).start(() -> {
                    try {
                        attack(victim, p, root, new Random(seeds.get(p)), attackers, heldOpen, faults, streams,
                                refused);
                    } catch (Exception | AssertionError e) {
                        faults.add(p + ": the attack itself failed: " + e);
                    }
                }));
            }
            for (Thread t : runs) {
                t.join(Duration.ofSeconds(60));
                if (t.isAlive()) {
                    faults.add(t.getName() + " still running after 60 s");
                }
            }
            System.out.printf("NodeHostileProtocolsTest: %d streams on %d protocols in %d ms, %d refused at opening%n",
                    streams.get(), protocols.size(), (System.nanoTime() - started) / 1_000_000, refused.get());
            assertThat(faults).as("streams that did not end, seed " + seed).isEmpty();

            // the attackers go away (with the streams they left silent on Bitswap and pubsub): all is given back
            List<PeerId> hostile = attackers.stream().map(a -> a.host().peerId()).toList();
            attackers.forEach(Hosts.Services::close);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10), () -> {
                var stat = victim.host().resourceManager().stat();
                return hostile.stream().noneMatch(stat.peers()::containsKey)
                        && stat.system().usage().streamsInbound() <= streamsBefore;
            })).as("the attackers' streams are given back: %s", usage(victim, hostile)).isTrue();
            assertThat(hostile).noneMatch(victim.host()::isConnected);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10),
                    () -> newPlatformThreads(platformBefore).isEmpty() && allThreads() <= threadsBefore + 8))
                    .as("threads come back to the baseline (%d threads before): new platform threads %s, %d threads "
                            + "now", threadsBefore, newPlatformThreads(platformBefore), allThreads()).isTrue();
            long heapAfter = usedHeapAfterGc();
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);

            assertHealthy(victim, root, dag);
        }
    }

    /** Every input on its own stream of {@code protocol}, from a fresh hostile host. */
    private void attack(Node victim, String protocol, Cid root, Random random, List<Hosts.Services> attackers,
            List<NegotiatedStream> heldOpen, List<String> faults, AtomicInteger streams, AtomicInteger refused)
            throws Exception {
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        Identity me = Identity.fromPrivateKey(Ed25519PrivateKey.fromSeed(seed));
        Hosts.Services attacker = Hosts.create(me, HostConfig.defaults());
        attackers.add(attacker);
        attacker.host().start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
        Multiaddr at = dialable(victim);
        attacker.host().connect(at);
        PeerId target = victim.host().peerId();
        byte[] valid = valid(protocol, me, root, random);
        boolean raw = protocol.equals(PingService.PROTOCOL_ID);

        // truncated frames, then silence: opened first, so that the node's timeouts run while the rest goes on
        List<NegotiatedStream> silent = new ArrayList<>();
        List<byte[]> truncated = List.of(
                raw ? Arrays.copyOf(valid, 7) : concat(ProtobufMutator.varint(valid.length), Arrays.copyOf(valid,
                        valid.length / 2)),
                ProtobufMutator.varint(1L << 20), new byte[0]);
        for (byte[] t : truncated) {
            NegotiatedStream s = open(attacker, at, target, protocol, refused);
            if (s != null) {
                streams.incrementAndGet();
                write(s, t, false);
                silent.add(s);
            }
        }
        long silentSince = System.nanoTime();

        for (Input in : inputs(valid, raw, random)) {
            NegotiatedStream s = open(attacker, at, target, protocol, refused);
            if (s == null) {
                continue;
            }
            streams.incrementAndGet();
            write(s, in.bytes(), in.halfClose());
            StreamEnds.Ending e = StreamEnds.await(s, PROMPT);
            if (!e.ended()) {
                faults.add(protocol + " " + in.name() + ": still open " + PROMPT.toSeconds() + " s after the "
                        + (in.halfClose() ? "half-close" : "input"));
            }
        }

        // a burst of streams opened at once, each reset at once, some after a byte or two
        int burst = Math.min(BURST, (int) victim.host().resourceManager().config().peerLimits(me.peerId())
                .streamsInbound() / 4);
        List<Thread> openers = new ArrayList<>();
        for (int i = 0; i < burst; i++) {
            byte[] noise = new byte[random.nextInt(3)];
            random.nextBytes(noise);
            openers.add(Thread.ofVirtual().start(() -> {
                NegotiatedStream s = open(attacker, at, target, protocol, refused);
                if (s != null) {
                    streams.incrementAndGet();
                    try {
                        s.out().write(noise);
                        s.out().flush();
                    } catch (IOException e) {
                        // reset already
                    }
                    s.reset();
                }
            }));
        }
        for (Thread t : openers) {
            t.join(PROMPT);
        }

        if (LONG_LIVED.contains(protocol)) {
            heldOpen.addAll(silent); // ended when the attacker leaves: checked through the node's resources
            return;
        }
        for (NegotiatedStream s : silent) {
            Duration left = IDLE.plus(PROMPT).minusNanos(System.nanoTime() - silentSince);
            StreamEnds.Ending e = StreamEnds.await(s, left.isPositive() ? left : Duration.ofMillis(1));
            if (!e.ended()) {
                faults.add(protocol + " truncated then silent: still open " + IDLE.plus(PROMPT).toSeconds()
                        + " s later");
            }
        }
    }

    /** Opens a stream, dialling again when the node closed the connection; null when the node refused it. */
    private static NegotiatedStream open(Hosts.Services attacker, Multiaddr at, PeerId target, String protocol,
            AtomicInteger refused) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                if (!attacker.host().isConnected(target)) {
                    attacker.host().connect(at);
                }
                return attacker.host().newStream(target, protocol);
            } catch (IOException e) {
                // the node reset the stream or closed the connection (both its right): try again, then give up
            }
        }
        refused.incrementAndGet();
        return null;
    }

    private static void write(NegotiatedStream s, byte[] bytes, boolean halfClose) {
        try {
            s.out().write(bytes);
            s.out().flush();
            if (halfClose) {
                s.closeWrite();
            }
        } catch (IOException e) {
            // the node may cut the stream while we write: that ends it too
        }
    }

    /** The inputs of one protocol, in a seeded order of kinds. */
    static List<Input> inputs(byte[] valid, boolean raw, Random random) {
        List<Input> out = new ArrayList<>();
        out.add(new Input("valid", frame(valid, raw), true));
        out.add(new Input("empty, half-closed at once", new byte[0], true));
        for (int n : new int[] {1, 17, 300, 5000}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            out.add(new Input(n + " random bytes", b, true));
        }
        byte[] tail = new byte[8];
        random.nextBytes(tail);
        out.add(new Input("length 2^31", concat(ProtobufMutator.varint(1L << 31), tail), true));
        out.add(new Input("length 2^63-1", concat(ProtobufMutator.varint(Long.MAX_VALUE), tail), true));
        out.add(new Input("length 2^64-1 (10 bytes)", concat(ProtobufMutator.varint(-1), tail), true));
        byte[] continuation = new byte[11];
        Arrays.fill(continuation, 0, 10, (byte) 0x80); // ten continuation bytes, then one more byte
        continuation[10] = 1;
        out.add(new Input("10 continuation bytes", concat(continuation, tail), true));
        out.add(new Input("valid length, cut short", concat(ProtobufMutator.varint(valid.length + 100L), valid),
                true));
        for (int n : new int[] {1, 64, 4096}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            out.add(new Input("valid length, " + n + " random bytes", frame(b, false), true));
        }
        List<byte[]> mutants = new ProtobufMutator(random, 64 * 1024).mutants(valid, MUTANTS);
        for (int i = 0; i < mutants.size(); i++) {
            out.add(new Input("mutant " + i, frame(mutants.get(i), raw), true));
        }
        out.add(new Input("valid twice", concat(frame(valid, raw), frame(valid, raw)), true));
        return out;
    }

    /** A valid message of {@code protocol}, as a well-behaved peer would send it (unframed). */
    static byte[] valid(String protocol, Identity me, Cid root, Random random) throws IOException {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        if (protocol.equals(PingService.PROTOCOL_ID)) {
            return nonce;
        }
        if (protocol.equals(IdentifyService.PROTOCOL_ID) || protocol.equals(IdentifyService.PUSH_PROTOCOL_ID)) {
            return IdentifyCodec.encode(IdentifyMessage.of(me.publicKey().marshal(),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").bytes()), List.of(PingService.PROTOCOL_ID),
                    null, IdentifyService.PROTOCOL_VERSION, "hostile/1"));
        }
        for (BitswapProtocol b : BitswapProtocol.values()) {
            if (protocol.equals(b.id())) {
                return BitswapCodec.encode(BitswapMessage.ofWants(List.of(WantEntry.wantBlock(root, 1, true))), b);
            }
        }
        if (protocol.equals(Pubsub.MESHSUB_12_ID) || protocol.equals(Pubsub.MESHSUB_11_ID)
                || protocol.equals(Pubsub.MESHSUB_10_ID) || protocol.equals(Pubsub.FLOODSUB_ID)) {
            WireMessage m = new WireMessage(me.peerId().bytes(), "hello".getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOf(nonce, 8), "hostile", null, null);
            return PubsubCodec.encode(new Rpc(List.of(new Rpc.SubscriptionChange(true, "hostile")), List.of(m),
                    Rpc.Control.EMPTY));
        }
        if (protocol.equals(DhtConfig.PUBLIC)) {
            return DhtCodec.encode(DhtMessage.request(DhtMessageType.FIND_NODE, root.bytes()));
        }
        if (protocol.equals(FetchService.PROTOCOL_ID)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            FetchCodec.writeRequest(out, ("/ipns/" + me.peerId()).getBytes(StandardCharsets.UTF_8));
            return unframe(out.toByteArray());
        }
        if (protocol.equals(CapabilitiesService.PROTOCOL_ID)) {
            return CapabilitiesCodec.encode(CapabilitiesCodec.sign(new CapabilitiesRecord(me.did(), 1,
                    IpfsNode.disabled(), BloomFilter.builder(10, 0.01).build(), new BandwidthLimit(1000, 0)), me));
        }
        if (protocol.equals(FerryRequestService.PROTOCOL_ID)) {
            return RequestWire.encodeRequest(new WireRequest(root, me.did().toString(), List.of(Source.PEER), 0));
        }
        if (protocol.equals(PinService.PROTOCOL_ID)) {
            return PinWire.encodeRequest(PinRequest.status(root));
        }
        if (protocol.equals(ProofService.PROTOCOL_ID)) {
            return ProofWire.encodeChallenge(new ProofChallenge(root, nonce, List.of(root)));
        }
        if (protocol.equals(AutonatServer.PROTOCOL_ID)) {
            return AutonatCodec.encode(new AutonatMessage.Dial(new AutonatMessage.PeerInfo(me.peerId().bytes(),
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").bytes()))));
        }
        if (protocol.equals(RelayService.HOP_PROTOCOL_ID)) {
            return RelayCodec.encode(HopMessage.reserve());
        }
        if (protocol.equals(RelayService.STOP_PROTOCOL_ID)) {
            return RelayCodec.encode(StopMessage.connect(Peer.of(me.peerId()), Limit.NONE));
        }
        if (protocol.equals(AutonatV2Server.DIAL_REQUEST)) {
            return AutonatV2Codec.encode(new AutonatV2Message.DialRequest(
                    List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001").bytes()), random.nextLong()));
        }
        if (protocol.equals(AutonatV2Server.DIAL_BACK)) {
            return AutonatV2Codec.encode(new DialBack(random.nextLong()));
        }
        if (protocol.equals(HolePunchService.PROTOCOL_ID)) {
            // over a direct connection the node resets it at once; the hostile DCUtR inputs over a relayed one are
            // HolePunchTest's
            return HolePunchCodec.encode(HolePunch.connect(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"))));
        }
        throw new AssertionError("no valid message known for " + protocol + ": add one");
    }

    /** The pinned DAG comes back intact from the victim, which still answers well-behaved peers. */
    private void assertHealthy(Node victim, Cid root, List<Block> dag) throws Exception {
        PeerId id = victim.host().peerId();
        try (Hosts.Services fresh = Hosts.create(Identity.generate(new SecureRandom()), HostConfig.defaults())) {
            fresh.host().start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
            var c = fresh.host().connect(dialable(victim));
            assertThat(fresh.ping().ping(id)).isLessThan(Duration.ofSeconds(5));
            assertThat(fresh.identify().identify(c).protocols()).containsAll(Node.PROTOCOLS);
        }

        Path other = tmp.resolve("other");
        Repo.init(other, new SecureRandom());
        PeeringRestartTest.setSwarm(other, "/ip4/127.0.0.1/tcp/0");
        try (Node b = Node.start(Repo.open(other))) {
            b.host().connect(dialable(victim));
            try (var session = b.bitswap().client().newSession(List.of(id))) {
                assertThat(session.fetchAll(root, Duration.ofSeconds(20))).isEqualTo(dag.size());
            }
            List<Block> fetched = new ArrayList<>();
            new DagWalker(b.repo().blocks()).walk(List.of(root), fetched::add);
            assertThat(fetched).hasSameSizeAs(dag);
            fetched.forEach(x -> Block.of(x.cid(), x.data())); // each one hashes to its CID
            assertThat(fetched).containsExactlyInAnyOrderElementsOf(dag);

            MemoryBlockstore viaRequest = new MemoryBlockstore();
            assertThat(b.requests().fetch(id, root, List.of(Source.PEER), 0, viaRequest, Duration.ofSeconds(10)))
                    .isEqualTo(dag.size());
            for (Block x : dag) {
                assertThat(viaRequest.get(x.cid())).hasValueSatisfying(got -> assertThat(got).isEqualTo(x));
            }
        }

        List<String> corrupt = new ArrayList<>();
        RepoVerifier.Result verified = RepoVerifier.verify(victim.repo().fileBlocks(), (line, n) -> corrupt.add(line));
        assertThat(corrupt).isEmpty();
        assertThat(verified.intact()).isTrue();
        assertThat(verified.checked()).isGreaterThanOrEqualTo(dag.size());
        Map<Cid, PinType> pins = victim.repo().pins().list();
        assertThat(pins).containsEntry(root, PinType.RECURSIVE);
        for (Map.Entry<Cid, PinType> pin : pins.entrySet()) {
            if (pin.getValue() == PinType.RECURSIVE) {
                assertThat(new DagWalker(victim.repo().blocks()).walk(List.of(pin.getKey()), x -> { }).missing())
                        .as("blocks missing under pin %s", pin.getKey()).isEmpty();
            } else {
                assertThat(victim.repo().blocks().has(pin.getKey())).isTrue();
            }
        }
    }

    private static Multiaddr dialable(Node n) {
        return n.listenAddresses().getFirst().encapsulate("/p2p/" + n.host().peerId());
    }

    private static String usage(Node victim, List<PeerId> hostile) {
        var stat = victim.host().resourceManager().stat();
        StringBuilder b = new StringBuilder("system " + stat.system().usage());
        for (PeerId p : hostile) {
            ResourceScopeStat s = stat.peers().get(p);
            if (s != null) {
                b.append(", ").append(p).append(' ').append(s.usage());
            }
        }
        stat.protocols().forEach((p, s) -> b.append(", ").append(p).append(' ').append(s.usage()));
        return b.toString();
    }

    /** Live platform threads by name (numbered pool threads under their pool's name), less the carriers. */
    private static Map<String, Integer> platformThreads() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isVirtual() && !t.getName().startsWith("ForkJoinPool")) {
                out.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * Platform thread names more numerous now than in {@code before} by more than one: the services' timers start
     * their single thread at their first use (here, the attack), once; a leak grows with the streams.
     */
    private static List<String> newPlatformThreads(Map<String, Integer> before) {
        List<String> out = new ArrayList<>();
        platformThreads().forEach((name, n) -> {
            if (n > before.getOrDefault(name, 0) + 1) {
                out.add(name + " x" + (n - before.getOrDefault(name, 0)));
            }
        });
        return out;
    }

    /** Platform and virtual threads alive, from a thread dump (virtual threads are tracked by default). */
    private static long allThreads() {
        try {
            Path dump = Files.createTempFile("threads", ".json");
            Files.delete(dump);
            try {
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                String json = Files.readString(dump);
                long n = 0;
                for (int i = json.indexOf("\"tid\""); i >= 0; i = json.indexOf("\"tid\"", i + 1)) {
                    n++;
                }
                return n;
            } finally {
                Files.deleteIfExists(dump);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static byte[] frame(byte[] body, boolean raw) {
        return raw ? body : concat(ProtobufMutator.varint(body.length), body);
    }

    private static byte[] unframe(byte[] framed) {
        int i = 0;
        while ((framed[i] & 0x80) != 0) {
            i++;
        }
        return Arrays.copyOfRange(framed, i + 1, framed.length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
