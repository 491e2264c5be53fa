package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.exchange.bitswap.client.BitswapTimeoutException;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bitswap/wantlist}, {@code bitswap/ledger}, {@code bitswap/stat} and {@code swarm/addrs[/local|/listen]} on
 * two real nodes connected over 127.0.0.1, reading what a real exchange between them leaves behind.
 */
@Timeout(120)
class BitswapRpcTest {
    @TempDir
    static Path tmp;
    static RpcTestNode a;
    static RpcTestNode b;
    static PeerId idA;
    static PeerId idB;

    @BeforeAll
    static void start() throws Exception {
        a = RpcTestNode.start(tmp.resolve("a"));
        b = RpcTestNode.start(tmp.resolve("b"));
        idA = a.node.identity().peerId();
        idB = b.node.identity().peerId();
        b.node.host().connect(TestHosts.dialable(a.node.host()));
        await("A and B are Bitswap partners", () -> b.node.bitswap().client().partners().contains(idA)
                && a.node.bitswap().client().partners().contains(idB));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static Block randomBlock(int size, long seed) {
        byte[] d = new byte[size];
        new Random(seed).nextBytes(d);
        return Block.raw(d);
    }

    private static Block missing(String name) {
        return Block.raw(("nobody has " + name + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode ok(RpcTestNode n, String command, String query) throws Exception {
        var res = n.post(command, query);
        assertThat(res.statusCode()).as(command + "?" + query + ": " + RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.json(res);
    }

    private static List<String> keys(JsonNode wantlist) {
        assertThat(wantlist.fieldNames()).toIterable().containsExactly("Keys");
        List<String> out = new ArrayList<>();
        wantlist.get("Keys").forEach(k -> out.add(k.get("/").asText()));
        return out;
    }

    private static List<String> keys(RpcTestNode n, String query) {
        try {
            return keys(ok(n, "bitswap/wantlist", query));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theLedgerCountsATransferOnBothSides() throws Exception {
        Block block = randomBlock(100_000, 1);
        a.node.repo().blocks().put(block);
        JsonNode aBefore = ok(a, "bitswap/ledger", "arg=" + idB);
        JsonNode bBefore = ok(b, "bitswap/ledger", "arg=" + idA);
        long sentBefore = ok(a, "bitswap/stat", "").get("BlocksSent").asLong();

        assertThat(b.node.bitswap().client().get(block.cid(), Duration.ofSeconds(20)).data()).isEqualTo(block.data());

        JsonNode aAfter = ok(a, "bitswap/ledger", "arg=" + idB);
        assertThat(aAfter.fieldNames()).toIterable().containsExactly("Peer", "Value", "Sent", "Recv", "Exchanged");
        assertThat(aAfter.get("Peer").asText()).isEqualTo(idB.toString());
        assertThat(aAfter.get("Sent").asLong() - aBefore.get("Sent").asLong()).isEqualTo(100_000);
        assertThat(aAfter.get("Recv").asLong()).isEqualTo(aBefore.get("Recv").asLong());
        assertThat(aAfter.get("Exchanged").asLong() - aBefore.get("Exchanged").asLong()).isEqualTo(1);
        assertThat(aAfter.get("Value").asDouble())
                .isEqualTo((double) aAfter.get("Sent").asLong() / (aAfter.get("Recv").asLong() + 1));

        JsonNode bAfter = ok(b, "bitswap/ledger", "arg=" + idA);
        assertThat(bAfter.get("Peer").asText()).isEqualTo(idA.toString());
        assertThat(bAfter.get("Recv").asLong() - bBefore.get("Recv").asLong()).isEqualTo(100_000);
        assertThat(bAfter.get("Sent").asLong()).isEqualTo(bBefore.get("Sent").asLong());
        assertThat(bAfter.get("Exchanged").asLong() - bBefore.get("Exchanged").asLong()).isEqualTo(1);
        assertThat(bAfter.get("Value").asDouble()).isLessThan(1.0);

        // bitswap/stat (and its alias stats/bitswap) count the block too
        assertThat(ok(a, "bitswap/stat", "").get("BlocksSent").asLong()).isGreaterThan(sentBefore);
        assertThat(ok(a, "stats/bitswap", "").get("BlocksSent").asLong())
                .isEqualTo(ok(a, "bitswap/stat", "").get("BlocksSent").asLong());
    }

    @Test
    void aPeerWeNeverExchangedWithHasABlankLedger() throws Exception {
        PeerId stranger = Identity.generate(new SecureRandom()).peerId();
        JsonNode l = ok(a, "bitswap/ledger", "arg=" + stranger);
        assertThat(l.toString()).isEqualTo("{\"Peer\":\"" + stranger + "\",\"Value\":0.0,\"Sent\":0,\"Recv\":0,\"Exchanged\":0}");
    }

    @Test
    void ourWantlistShowsAnOpenWantUntilItIsGivenUp() throws Exception {
        Block nowhere = missing("our want");
        String cid = nowhere.cid().toString();
        assertThat(keys(b, "")).doesNotContain(cid);
        Thread fetch = Thread.ofVirtual().start(() -> {
            try {
                b.node.bitswap().client().get(nowhere.cid(), Duration.ofSeconds(3));
            } catch (BitswapTimeoutException expected) {
                // nobody has it: the want ends with the timeout
            }
        });
        await("B's wantlist holds the open want", () -> keys(b, "").contains(cid));
        // our own peer ID names our own wantlist, as in Kubo; bitswap/stat lists the same wants
        assertThat(keys(b, "peer=" + idB)).contains(cid);
        List<String> stat = new ArrayList<>();
        ok(b, "bitswap/stat", "").get("Wantlist").forEach(k -> stat.add(k.get("/").asText()));
        assertThat(stat).contains(cid);
        assertThat(keys(a, "")).doesNotContain(cid);

        fetch.join(Duration.ofSeconds(20));
        await("the given-up want leaves B's wantlist", () -> !keys(b, "").contains(cid));
    }

    @Test
    void aPartnersWantlistIsWhatItSentUsAndStillWaits() throws Exception {
        Block first = missing("first");
        Block second = missing("second");
        // want-blocks without send-dont-have wait at A until A gets the block or B cancels
        b.node.bitswap().network().send(idA, BitswapMessage.ofWants(List.of(
                WantEntry.wantBlock(first.cid(), 10, false), WantEntry.wantBlock(second.cid(), 5, false))))
                .get(10, TimeUnit.SECONDS);
        await("A sees B's two wants", () -> keys(a, "peer=" + idB).containsAll(
                List.of(first.cid().toString(), second.cid().toString())));
        assertThat(keys(a, "p=" + idB)).isEqualTo(keys(a, "peer=" + idB));
        // the list is in binary CID order, as Kubo prints it
        List<String> expected = new ArrayList<>(List.of(first.cid().toString(), second.cid().toString()));
        expected.sort((x, y) -> java.util.Arrays.compareUnsigned(dev.ferry.multiformats.Cid.parse(x).bytes(),
                dev.ferry.multiformats.Cid.parse(y).bytes()));
        assertThat(keys(a, "peer=" + idB)).containsSubsequence(expected);
        // neither is A's own want, nor is anything B's want at B's side of A
        assertThat(keys(a, "")).doesNotContain(first.cid().toString(), second.cid().toString());
        assertThat(keys(b, "peer=" + idA)).doesNotContain(first.cid().toString(), second.cid().toString());

        b.node.bitswap().network().send(idA, BitswapMessage.ofWants(List.of(WantEntry.cancel(first.cid()))))
                .get(10, TimeUnit.SECONDS);
        await("the cancelled want leaves A's view", () -> !keys(a, "peer=" + idB).contains(first.cid().toString()));
        assertThat(keys(a, "peer=" + idB)).contains(second.cid().toString());
        b.node.bitswap().network().send(idA, BitswapMessage.ofWants(List.of(WantEntry.cancel(second.cid()))))
                .get(10, TimeUnit.SECONDS);
        await("both are gone", () -> keys(a, "peer=" + idB).isEmpty());
    }

    @Test
    void badPeersAndArgumentsAreClientErrors() throws Exception {
        var bad = a.post("bitswap/wantlist", "peer=not-a-peer");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.text(bad)).contains("invalid peer ID 'not-a-peer'");
        assertThat(a.post("bitswap/ledger", "").statusCode()).isEqualTo(400);
        assertThat(RpcTestNode.text(a.post("bitswap/ledger", "arg=xyz"))).contains("invalid peer ID 'xyz'");
        assertThat(a.post("bitswap/wantlist", "verbose=true").statusCode()).isEqualTo(400);
    }

    @Test
    void swarmAddrsListsWhatThePeerStoreKnows() throws Exception {
        String listenB = b.node.host().listenAddresses().getFirst().toString();
        await("A knows B's listening address", () -> {
            try {
                JsonNode addrs = ok(a, "swarm/addrs", "").get("Addrs");
                return addrs.has(idB.toString()) && addrs.get(idB.toString()).toString().contains("\"" + listenB + "\"");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        JsonNode all = ok(a, "swarm/addrs", "");
        assertThat(all.fieldNames()).toIterable().containsExactly("Addrs");
        assertThat(all.get("Addrs").has(idA.toString())).as("not itself").isFalse();
        List<String> ofB = new ArrayList<>();
        all.get("Addrs").get(idB.toString()).forEach(x -> ofB.add(x.asText()));
        assertThat(ofB).isSorted().allSatisfy(x -> Multiaddr.parse(x));
        assertThat(ofB).noneMatch(x -> x.contains("/p2p/"));
    }

    @Test
    void swarmAddrsLocalAndListenAreTheNodesOwn() throws Exception {
        String listen = a.node.host().listenAddresses().getFirst().toString();
        assertThat(listen).startsWith("/ip4/127.0.0.1/tcp/");
        assertThat(ok(a, "swarm/addrs/listen", "").toString()).isEqualTo("{\"Strings\":[\"" + listen + "\"]}");
        assertThat(ok(a, "swarm/addrs/local", "").toString()).isEqualTo("{\"Strings\":[\"" + listen + "\"]}");
        assertThat(ok(a, "swarm/addrs/local", "id=true").toString())
                .isEqualTo("{\"Strings\":[\"" + listen + "/p2p/" + idA + "\"]}");
        assertThat(a.post("swarm/addrs/listen", "id=true").statusCode()).isEqualTo(400);
    }
}
