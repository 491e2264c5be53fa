package dev.ferry.policy.pinning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.pin.wire.PinOp;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The replicator's decisions against scripted peers and a manual clock. */
@Timeout(30)
class ReplicatorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Cid ROOT = Cid.parse("QmWATWQ7fVPP2EFGu71UkfnqhYXDYH566qy47CnJDgvs8u");

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock();

    /** A scripted peer: keeps what it is asked to (complete at once unless {@code slow}), or refuses. */
    static final class Peer {
        final PeerId id = Identity.generate(RANDOM).peerId();
        final int trust;
        boolean connected = true;
        boolean refuses;
        boolean slow;
        boolean busy;
        final Set<Cid> kept = new HashSet<>();
        final List<PinRequest> asked = new ArrayList<>();

        Peer(int trust) {
            this.trust = trust;
        }

        PinReply answer(PinRequest r) {
            asked.add(r);
            if (busy) {
                return PinReply.of(PinState.BUSY, "rate limited");
            }
            return switch (r.op()) {
                case PIN -> {
                    if (refuses) {
                        yield PinReply.of(PinState.REFUSED, "no room");
                    }
                    kept.add(r.root());
                    yield slow ? PinReply.of(PinState.PINNING) : new PinReply(PinState.PINNED, "", 1234);
                }
                case STATUS -> kept.contains(r.root())
                        ? (slow ? PinReply.of(PinState.PINNING) : new PinReply(PinState.PINNED, "", 1234))
                        : PinReply.of(PinState.NOT_PINNED);
                case UNPIN -> {
                    kept.remove(r.root());
                    yield PinReply.of(PinState.NOT_PINNED);
                }
            };
        }

        long count(PinOp op) {
            return asked.stream().filter(r -> r.op() == op).count();
        }
    }

    private final Map<PeerId, Peer> peers = new LinkedHashMap<>();

    private Peer peer(int trust) {
        Peer p = new Peer(trust);
        peers.put(p.id, p);
        return p;
    }

    private final ReplicaPeers network = new ReplicaPeers() {
        @Override
        public List<PeerId> candidates() {
            return peers.values().stream().filter(p -> p.connected).map(p -> p.id).toList();
        }

        @Override
        public boolean isConnected(PeerId peer) {
            return peers.containsKey(peer) && peers.get(peer).connected;
        }

        @Override
        public int trustOf(PeerId peer) {
            return peers.get(peer).trust;
        }

        @Override
        public PinReply ask(PeerId peer, PinRequest request, Duration timeout) throws IOException {
            Peer p = peers.get(peer);
            if (p == null || !p.connected) {
                throw new IOException("not connected");
            }
            return p.answer(request);
        }
    };

    private Replicator replicator(int replicas, int minTrust) {
        PinningConfig cfg = PinningConfig.defaults()
                .withPolicies(Map.of("important", new PinningPolicy("important", replicas, minTrust)));
        return new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), clock.millis()), network, cfg, clock);
    }

    private static List<PeerId> holders(Replicator r) {
        return r.get(ROOT).orElseThrow().holders().stream().map(ReplicaHolder::peer).toList();
    }

    @Test
    void thePolicysCountIsReachedWithTheMostTrustedPeersAboveItsMinimum() {
        Peer p9 = peer(9);
        Peer p5 = peer(5);
        Peer p2 = peer(2);
        Peer p7 = peer(7);
        p7.slow = true;
        Replicator r = replicator(2, 3);
        r.add(ROOT, "important");
        r.checkAll();
        assertThat(holders(r)).containsExactly(p9.id, p7.id);
        assertThat(r.get(ROOT).orElseThrow().holders()).extracting(ReplicaHolder::state)
                .containsExactly(ReplicaHolder.State.CONFIRMED, ReplicaHolder.State.ASKED);
        assertThat(p5.asked).isEmpty();
        assertThat(p2.asked).isEmpty();
        assertThat(r.problem(ROOT)).isEmpty();

        p7.slow = false; // its fetch completed
        r.checkAll();
        assertThat(r.get(ROOT).orElseThrow().confirmed()).isEqualTo(2);
        assertThat(r.get(ROOT).orElseThrow().holders().get(1).bytes()).isEqualTo(1234);
        assertThat(p5.asked).isEmpty();
        // durable: the table reopened has the same holders
        assertThat(PolicyPins.open(tmp.resolve(PolicyPins.FILE), 0).get(ROOT).orElseThrow().confirmed()).isEqualTo(2);
    }

    @Test
    void amongPeersOfEqualTrustThoseThisNodeKeepsTheMostForAreAskedFirst() {
        Peer top = peer(8);
        // named so that the order by ID, the tie-break, is the opposite of the order by bytes kept
        List<Peer> equal = new ArrayList<>(List.of(peer(5), peer(5), peer(5)));
        equal.sort(java.util.Comparator.comparing(p -> p.id.toString()));
        Peer none = equal.get(0);
        Peer little = equal.get(1);
        Peer most = equal.get(2);
        Map<PeerId, Long> keptFor = Map.of(little.id, 10L, most.id, 5_000L);
        Replicator r = replicator(3, 1);
        r.preferByKeptFor(p -> keptFor.getOrDefault(p, 0L));
        r.add(ROOT, "important");
        r.checkAll();
        // trust first, then what this node keeps for each
        assertThat(holders(r)).containsExactly(top.id, most.id, little.id);
        assertThat(none.asked).isEmpty();
    }

    @Test
    void aRefusingPeerIsNotAskedAgainForAWhileAndTheShortfallIsReported() {
        Peer refuser = peer(9);
        refuser.refuses = true;
        Peer ok = peer(5);
        Replicator r = replicator(2, 1);
        r.add(ROOT, "important");
        r.checkAll();
        assertThat(holders(r)).containsExactly(ok.id);
        assertThat(r.problem(ROOT)).hasValueSatisfying(p -> assertThat(p).contains("1 of 2"));
        r.checkAll();
        assertThat(refuser.count(PinOp.PIN)).isEqualTo(1);
        clock.advance(Duration.ofMinutes(Replicator.COOLDOWN_MINUTES + 1));
        refuser.refuses = false;
        r.checkAll();
        assertThat(refuser.count(PinOp.PIN)).isEqualTo(2);
        assertThat(holders(r)).containsExactlyInAnyOrder(ok.id, refuser.id);
        assertThat(r.problem(ROOT)).isEmpty();
    }

    @Test
    void aHolderUnreachablePastTheRepairDelayIsReplacedAndReleasedWhenItReturns() {
        Peer first = peer(9);
        Peer second = peer(5);
        Replicator r = replicator(1, 1);
        r.add(ROOT, "important");
        r.checkAll();
        assertThat(holders(r)).containsExactly(first.id);

        first.connected = false;
        clock.advance(Duration.ofMinutes(2));
        r.checkAll();
        assertThat(holders(r)).containsExactly(first.id); // a short absence is tolerated
        assertThat(second.asked).isEmpty();

        clock.advance(Duration.ofMinutes(4)); // 6 minutes unheard of, past the 5 of repairAfter
        r.checkAll();
        assertThat(holders(r)).containsExactly(second.id);
        assertThat(first.kept).contains(ROOT);

        first.connected = true;
        r.checkAll();
        assertThat(first.kept).doesNotContain(ROOT); // told to let go
        assertThat(first.count(PinOp.UNPIN)).isEqualTo(1);
        r.checkAll();
        assertThat(first.count(PinOp.UNPIN)).isEqualTo(1); // once
        assertThat(holders(r)).containsExactly(second.id);
    }

    @Test
    void aHolderThatNoLongerKeepsTheRootIsReplaced() {
        Peer first = peer(9);
        Peer second = peer(5);
        Replicator r = replicator(1, 1);
        r.add(ROOT, "important");
        r.checkAll();
        first.kept.clear(); // lost it (its own garbage collection, a wiped disk)
        r.checkAll();
        assertThat(holders(r)).containsExactly(second.id);
    }

    @Test
    void removingThePinReleasesEveryHolderConnectedNowOrLater() {
        Peer a = peer(9);
        Peer b = peer(8);
        Replicator r = replicator(2, 1);
        r.add(ROOT, "important");
        r.checkAll();
        assertThat(a.kept).contains(ROOT);
        assertThat(b.kept).contains(ROOT);
        b.connected = false;
        assertThat(r.remove(ROOT)).isPresent();
        r.checkAll();
        assertThat(a.kept).isEmpty();
        assertThat(b.kept).contains(ROOT);
        assertThat(r.list()).isEmpty();
        // a restart in between: the retired holder is on disk
        Replicator again = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), clock.millis()), network,
                r.config(), clock);
        b.connected = true;
        again.checkAll();
        assertThat(b.kept).isEmpty();
    }

    @Test
    void extraHoldersAreReleasedNewestFirst() {
        Peer a = peer(9);
        Peer b = peer(8);
        Peer c = peer(7);
        Replicator three = replicator(3, 1);
        three.add(ROOT, "important");
        three.checkAll();
        assertThat(holders(three)).containsExactly(a.id, b.id, c.id);
        clock.advance(Duration.ofSeconds(1));
        Replicator one = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), clock.millis()), network,
                PinningConfig.defaults().withPolicies(Map.of("important", new PinningPolicy("important", 1, 1))),
                clock);
        one.checkAll();
        assertThat(holders(one)).hasSize(1);
        assertThat(peers.values().stream().filter(p -> p.kept.contains(ROOT)).count()).isEqualTo(1);
    }

    @Test
    void unknownPoliciesAreRefusedAndAPolicyDroppedFromTheConfigIsReported() {
        peer(9);
        Replicator r = replicator(1, 1);
        assertThatThrownBy(() -> r.add(ROOT, "nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pinning policy named 'nope'").hasMessageContaining("important");
        r.add(ROOT, "important");
        r.checkAll();
        Replicator without = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), clock.millis()), network,
                PinningConfig.defaults(), clock);
        without.checkAll();
        assertThat(without.problem(ROOT)).hasValueSatisfying(p -> assertThat(p).contains("not configured"));
        assertThat(holders(without)).hasSize(1); // kept as they are until the policy is back or the pin goes
    }

    @Test
    void theTableFileIsCheckedWhenRead() throws Exception {
        Replicator r = replicator(1, 1);
        peer(9);
        r.add(ROOT, "important");
        r.checkAll();
        Path file = tmp.resolve(PolicyPins.FILE);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, lines.size() - 1));
        assertThatThrownBy(() -> PolicyPins.open(file, 0)).hasMessageContaining("truncated");
        List<String> bad = new ArrayList<>(lines);
        bad.set(1, "pin not-a-cid important");
        Files.write(file, bad);
        assertThatThrownBy(() -> PolicyPins.open(file, 0)).hasMessageContaining("bad line");
        Files.write(file, lines);
        assertThat(PolicyPins.open(file, 0).list()).hasSize(1);
    }

    @Test
    void aBusyHolderIsAliveAndABusyCandidateIsAskedAgainNextTime() {
        Peer holder = peer(9);
        Replicator r = replicator(1, 1);
        r.add(ROOT, "important");
        r.checkAll();
        assertThat(holders(r)).containsExactly(holder.id);
        Peer other = peer(5);
        holder.busy = true;
        for (int i = 0; i < 10; i++) { // ten minutes of BUSY answers, twice the repair delay
            clock.advance(Duration.ofMinutes(1));
            r.checkAll();
        }
        assertThat(holders(r)).containsExactly(holder.id); // not replaced: it answers, only later
        assertThat(other.asked).isEmpty();

        Replicator two = replicator(2, 1);
        other.busy = true;
        holder.busy = false;
        two.add(ROOT, "important");
        two.checkAll();
        assertThat(holders(two)).containsExactly(holder.id);
        other.busy = false;
        two.checkAll(); // no cooldown for a busy peer
        assertThat(holders(two)).containsExactly(holder.id, other.id);
    }

    /** A scripted pinning service: requests by id with their status; throws when {@code down}. */
    static final class Service implements RemotePinning {
        final Map<String, String> requests = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        boolean down;
        String nextStatus = "pinned";
        int next;

        @Override
        public String add(String service, Cid root, String name) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            String id = service + "-" + next++;
            requests.put(id, "queued");
            names.add(name);
            return id;
        }

        @Override
        public String status(String service, String requestId) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            String s = requests.get(requestId);
            if (s == null) {
                return "gone";
            }
            requests.put(requestId, nextStatus);
            return s;
        }

        @Override
        public void remove(String service, String requestId) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            requests.remove(requestId);
            deleted.add(requestId);
        }
    }

    @Test
    void aPolicyPinKeepsItsNameThroughChecksAndGivesItToServices() {
        Peer p = peer(9);
        Service svc = new Service();
        PinningConfig cfg = PinningConfig.defaults().withPolicies(Map.of("important",
                new PinningPolicy("important", 1, 1, List.of("svc"))));
        Replicator r = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), 0), network, svc, cfg, clock);
        r.add(ROOT, "important", "my site");
        r.checkAll();
        assertThat(holders(r)).containsExactly(p.id);
        assertThat(r.get(ROOT).orElseThrow().name()).isEqualTo("my site");
        assertThat(svc.names).containsExactly("my site");
        assertThat(PolicyPins.open(tmp.resolve(PolicyPins.FILE), 0).get(ROOT).orElseThrow().name())
                .isEqualTo("my site");

        assertThat(r.rename(ROOT, "renamed")).isPresent();
        r.checkAll();
        assertThat(r.get(ROOT).orElseThrow().name()).isEqualTo("renamed");
        assertThat(r.get(ROOT).orElseThrow().holders()).hasSize(1);
        r.add(ROOT, "important"); // pinned again without a name: unnamed, as a local pin
        assertThat(r.get(ROOT).orElseThrow().name()).isEmpty();
        assertThat(r.get(ROOT).orElseThrow().holders()).hasSize(1);
        assertThatThrownBy(() -> r.add(ROOT, "important", "x".repeat(256))).hasMessageContaining("max 255 bytes");

        Replicator unnamed = new Replicator(PolicyPins.open(tmp.resolve("other"), 0), network, svc, cfg, clock);
        unnamed.add(ROOT, "important");
        unnamed.checkAll();
        assertThat(svc.names).last().isEqualTo("ferry policy important");
    }

    @Test
    void policiesKeepTheirRootAtRemoteServicesToo() {
        Peer p = peer(9);
        Service svc = new Service();
        PinningConfig cfg = PinningConfig.defaults().withPolicies(Map.of("important",
                new PinningPolicy("important", 1, 1, List.of("svc"))));
        Replicator r = new Replicator(PolicyPins.open(tmp.resolve(PolicyPins.FILE), 0), network, svc, cfg, clock);
        r.add(ROOT, "important");
        r.checkAll();
        assertThat(holders(r)).containsExactly(p.id);
        assertThat(r.get(ROOT).orElseThrow().services()).singleElement()
                .satisfies(sp -> assertThat(sp.state()).isEqualTo(ReplicaHolder.State.ASKED));
        r.checkAll(); // queued at the first look, pinned at the second
        r.checkAll();
        assertThat(r.get(ROOT).orElseThrow().services().getFirst().state()).isEqualTo(ReplicaHolder.State.CONFIRMED);
        String first = r.get(ROOT).orElseThrow().services().getFirst().requestId();
        assertThat(PolicyPins.open(tmp.resolve(PolicyPins.FILE), 0).get(ROOT).orElseThrow().services())
                .isEqualTo(r.get(ROOT).orElseThrow().services()); // durable

        svc.down = true; // unreachable: the request stays, the problem is told
        r.checkAll();
        assertThat(r.get(ROOT).orElseThrow().services()).extracting(ServicePin::requestId).containsExactly(first);
        assertThat(r.problem(ROOT)).hasValueSatisfying(m -> assertThat(m).contains("service svc", "refused"));
        svc.down = false;

        svc.requests.put(first, "failed"); // failed there: dropped, deleted, asked again after the cooldown
        r.checkAll();
        assertThat(r.get(ROOT).orElseThrow().services()).isEmpty();
        assertThat(svc.deleted).containsExactly(first);
        clock.advance(Duration.ofMinutes(Replicator.COOLDOWN_MINUTES + 1));
        r.checkAll();
        assertThat(r.get(ROOT).orElseThrow().services()).hasSize(1);

        assertThat(r.remove(ROOT)).isPresent();
        r.checkAll();
        assertThat(svc.requests).isEmpty();
        assertThat(p.kept).isEmpty();
    }
}
