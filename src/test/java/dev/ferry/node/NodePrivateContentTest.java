package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.gateway.GatewayConfig;
import dev.ferry.api.gateway.GatewayServer;
import dev.ferry.api.http.HttpAccess;
import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.ferry.request.FerryRequestException;
import dev.ferry.exchange.ferry.request.RefusalReason;
import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.Repo;
import dev.ferry.policy.privacy.PublicOnlyFetcher;
import dev.ferry.routing.FetchSession;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private content as the node wires it: a stranger gets nothing over Bitswap, the gateway or /ferry/request, it is
 * absent from the announced index, and a peer trusted at least Exchange.PrivateTrust gets it over /ferry/request.
 */
@Timeout(90)
class NodePrivateContentTest {
    @TempDir
    Path tmp;

    @Test
    void privateContentReachesTrustedPeersOnly() throws Exception {
        Path repoA = tmp.resolve("a");
        Path repoB = tmp.resolve("b");
        Repo.init(repoA, new SecureRandom());
        Repo.init(repoB, new SecureRandom());
        PeeringRestartTest.setSwarm(repoA, "/ip4/127.0.0.1/tcp/0");
        PeeringRestartTest.setSwarm(repoB, "/ip4/127.0.0.1/tcp/0");
        byte[] secret = new byte[5_000_000]; // 20 blocks and a root
        new Random(13).nextBytes(secret);
        try (Node a = Node.start(Repo.open(repoA)); Node b = Node.start(Repo.open(repoB))) {
            Cid root = new UnixfsImporter(a.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(secret), "secret").cid();
            a.repo().blocks().sync();
            a.privateContent().markPrivate(root, a.repo().blocks());
            a.contentChanged();
            List<Cid> dag = new ArrayList<>();
            new dev.ferry.node.content.Pinner(a.repo().blocks(), a.repo().pins()).walk(root, dag::add);
            assertThat(dag).hasSizeGreaterThan(10);

            PeerId idA = a.host().peerId();
            b.host().connect(a.listenAddresses().getFirst().encapsulate("/p2p/" + idA));
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(20),
                    () -> b.capabilities().peerCapabilities(idA).isPresent())).isTrue();
            // never announced: a Bloom filter may answer yes by chance for a block or two, not for the DAG
            long claimed = dag.stream().filter(c -> b.capabilities().peerCapabilities(idA).orElseThrow().mightServe(c)).count();
            assertThat(claimed).isLessThanOrEqualTo(2);

            // Bitswap: refused to everyone
            try (FetchSession s = b.fetcher().open(Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> s.get(root)).isInstanceOf(RuntimeException.class);
            }
            assertThat(b.repo().blocks().has(root)).isFalse();

            // the gateway, wired as the daemon wires it: invisible
            try (GatewayServer gw = GatewayServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    new PublicOnlyFetcher(a.fetcher(), a.privateContent()),
                    GatewayConfig.defaults().withFetchTimeout(Duration.ofSeconds(2)), HttpAccess.loopbackOnly())) {
                HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + gw.address().getPort() + "/ipfs/" + root + "?format=raw")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(resp.statusCode()).isIn(404, 504);
                assertThat(resp.body()).isNotEqualTo(a.repo().blocks().get(root).orElseThrow().data());
                assertThat(resp.body().length).isLessThan(200); // an error message, not the block
            }

            // /ferry/request: not to a stranger...
            MemoryBlockstore into = new MemoryBlockstore();
            assertThatThrownBy(() -> b.requests().fetch(idA, root, List.of(Source.PEER), 0, into, Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(FerryRequestException.class,
                            e -> assertThat(e.reason()).isEqualTo(RefusalReason.NOT_ALLOWED));
            assertThat(into.has(root)).isFalse();
            // ...but to a peer A trusts enough (Exchange.PrivateTrust, default 5)
            a.trust().set(b.identity().did(), 7);
            long n = b.requests().fetch(idA, root, List.of(Source.PEER), 0, b.repo().blocks(), Duration.ofSeconds(10));
            assertThat(n).isEqualTo(dag.size());
            try (var in = new dev.ferry.dag.unixfs.UnixfsExporter(b.repo().blocks()).cat(root)) {
                assertThat(in.readAllBytes()).isEqualTo(secret);
            }
        }
    }
}
