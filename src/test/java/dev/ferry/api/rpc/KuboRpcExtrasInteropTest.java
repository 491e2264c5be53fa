package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.WantEntry;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.TestHosts;
import dev.ferry.store.Block;
import dev.ferry.testing.NodeJs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * npm kubo-rpc-client 7 reads ferry's {@code bitswap} wantlists and stat, {@code swarm} addresses, {@code repo
 * version}, {@code stats repo} and edits the bootstrap list: it parses every answer (CIDs, peer IDs, multiaddrs,
 * BigInt counters) and sees what two ferry nodes connected over 127.0.0.1 really exchanged and want.
 */
@Tag("interop")
@Timeout(180)
class KuboRpcExtrasInteropTest {
    @TempDir
    Path tmp;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String url(RpcTestNode n) {
        return "http://127.0.0.1:" + n.server.address().getPort() + "/api/v0";
    }

    @Test
    void kuboRpcClientReadsBitswapSwarmRepoAndBootstrap() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a")); RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            PeerId idA = a.node.identity().peerId();
            PeerId idB = b.node.identity().peerId();
            b.node.host().connect(TestHosts.dialable(a.node.host()));
            await("partners", () -> b.node.bitswap().client().partners().contains(idA)
                    && a.node.bitswap().client().partners().contains(idB));

            // one real transfer A -> B
            byte[] data = new byte[50_000];
            new Random(3).nextBytes(data);
            Block served = Block.raw(data);
            a.node.repo().blocks().put(served);
            assertThat(b.node.bitswap().client().get(served.cid(), Duration.ofSeconds(20)).data()).isEqualTo(data);

            // B wants a block nobody has (open until the node closes), and left A a want-block that waits there
            Block ownWant = Block.raw(("B wants this " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            Block peerWant = Block.raw(("B asked A for this " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                try {
                    b.node.bitswap().client().get(ownWant.cid(), Duration.ofSeconds(120));
                } catch (RuntimeException ended) {
                    // the node closed under it
                }
            });
            b.node.bitswap().network().send(idA, BitswapMessage.ofWants(List.of(
                    WantEntry.wantBlock(peerWant.cid(), 1, false)))).get(10, TimeUnit.SECONDS);
            await("B's want is open", () -> b.node.bitswap().client().wantlist().contains(ownWant.cid()));
            await("A holds B's want", () -> a.node.bitswap().server().wantlist(idB).contains(peerWant.cid()));

            String p1 = Identity.generate(new SecureRandom()).peerId().toString();
            String p2 = Identity.generate(new SecureRandom()).peerId().toString();
            String boot1 = "/ip4/127.0.0.1/tcp/1/p2p/" + p1;
            String boot2 = "/ip4/127.0.0.1/tcp/1/p2p/" + p2;
            JsonNode out = RpcTestNode.JSON.readTree(NodeJs.run(Duration.ofSeconds(150), new byte[0],
                    "rpc/extras-client.mjs", url(a), url(b), idA.toString(), idB.toString(), ownWant.cid().toString(),
                    peerWant.cid().toString(), boot1, boot2));

            String own = ownWant.cid().toString();
            String theirs = peerWant.cid().toString();
            assertThat(strings(out.get("ownWantlist"))).contains(own).doesNotContain(theirs);
            assertThat(strings(out.get("selfWantlist"))).contains(own);
            assertThat(strings(out.get("peerWantlist"))).containsExactly(theirs);
            assertThat(strings(out.get("aOwnWantlist"))).doesNotContain(own, theirs);

            JsonNode statA = out.get("statA");
            JsonNode statB = out.get("statB");
            assertThat(statA.get("blocksSent").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(statA.get("dataSent").asLong()).isGreaterThanOrEqualTo(data.length);
            assertThat(statB.get("blocksReceived").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(statB.get("dataReceived").asLong()).isGreaterThanOrEqualTo(data.length);
            assertThat(statB.get("provideBufLen").asInt()).isZero();
            assertThat(strings(statB.get("wantlist"))).contains(own);
            assertThat(strings(statB.get("peers"))).contains(idA.toString());
            assertThat(strings(statA.get("peers"))).contains(idB.toString());
            assertThat(out.get("statsBitswapB").get("blocksReceived")).isEqualTo(statB.get("blocksReceived"));

            String listenA = a.node.host().listenAddresses().getFirst().toString();
            String listenB = b.node.host().listenAddresses().getFirst().toString();
            List<String> ids = new ArrayList<>();
            out.get("addrsA").forEach(p -> ids.add(p.get("id").asText()));
            assertThat(ids).contains(idB.toString()).doesNotContain(idA.toString());
            out.get("addrsA").forEach(p -> {
                if (p.get("id").asText().equals(idB.toString())) {
                    assertThat(strings(p.get("addrs"))).contains(listenB);
                }
            });
            assertThat(strings(out.get("localA"))).containsExactly(listenA);
            assertThat(strings(out.get("localIdA"))).containsExactly(listenA + "/p2p/" + idA);

            assertThat(out.get("repoVersion").asText()).isEqualTo("1");
            assertThat(out.get("statsRepo")).isEqualTo(out.get("repoStat"));
            assertThat(out.get("repoStat").get("version").asText()).isEqualTo("fs-repo@1");
            assertThat(out.get("repoStat").get("numObjects").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(out.get("repoStat").get("repoPath").asText()).isEqualTo(tmp.resolve("a").toAbsolutePath().toString());

            assertThat(strings(out.get("bootstrapBefore"))).isEmpty();
            assertThat(strings(out.get("bootstrapAdd"))).containsExactly(boot1);
            assertThat(strings(out.get("bootstrapAddAgain"))).containsExactly(boot2);
            assertThat(strings(out.get("bootstrapAddKnown"))).isEmpty();
            // as in Kubo, what is added (even again) goes in front
            assertThat(strings(out.get("bootstrapList"))).containsExactly(boot1, boot2);
            assertThat(strings(out.get("bootstrapRm"))).containsExactly(boot1);
            assertThat(strings(out.get("bootstrapDefault"))).containsExactlyElementsOf(BootstrapRpc.KUBO_DEFAULTS);
            List<String> all = new ArrayList<>(BootstrapRpc.KUBO_DEFAULTS);
            all.add(boot2);
            assertThat(strings(out.get("bootstrapAll"))).containsExactlyElementsOf(all);
            assertThat(strings(out.get("bootstrapAfter"))).isEmpty();
            assertThat(BootstrapRpc.list(a.node.repo().config())).isEmpty();
            assertThat(out.get("errBootstrapAdd").asText()).contains("invalid bootstrap address");
            assertThat(out.get("errWantlistPeer").asText()).contains("invalid peer ID");
        }
    }
}
