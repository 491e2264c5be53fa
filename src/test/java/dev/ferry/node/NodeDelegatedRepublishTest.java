package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import dev.ferry.store.Block;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The republisher puts each new round's records on the delegated publishers too; one that refuses stops nothing. */
@Timeout(30)
class NodeDelegatedRepublishTest {
    @TempDir
    Path tmp;

    private static HttpServer publisher(int status, List<byte[]> received, AtomicInteger asked) throws Exception {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/routing/v1/ipns/", x -> {
            asked.incrementAndGet();
            byte[] body = x.getRequestBody().readAllBytes();
            if (status == 200) {
                received.add(body);
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        s.start();
        return s;
    }

    @Test
    void republishedRecordsGoToThePublishers() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        AtomicInteger okAsked = new AtomicInteger();
        AtomicInteger brokenAsked = new AtomicInteger();
        HttpServer ok = publisher(200, received, okAsked);
        HttpServer broken = publisher(500, new CopyOnWriteArrayList<>(), brokenAsked);
        Path dir = tmp.resolve("a");
        Repo.init(dir, new SecureRandom());
        Repo.updateConfig(dir, c -> {
            c.set("Addresses.Swarm", RepoConfig.parseValue("[\"/ip4/127.0.0.1/tcp/0\"]", true));
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Ipns.DelegatedPublishers", RepoConfig.parseValue("[\"http://127.0.0.1:"
                    + broken.getAddress().getPort() + "\", \"http://127.0.0.1:" + ok.getAddress().getPort() + "\"]",
                    true));
        });
        try (Node a = Node.start(Repo.open(dir))) {
            IpnsName self = new IpnsName(a.identity().peerId());
            String path = "/ipfs/" + Block.raw(new byte[] {7}).cid();
            a.names().publish("self", path, Duration.ofHours(1), Duration.ofMinutes(1), false, true);
            a.names().republish();
            assertThat(received).hasSize(2);
            IpnsRecord first = IpnsRecord.verify(self, received.get(0), Instant.now());
            IpnsRecord again = IpnsRecord.verify(self, received.get(1), Instant.now());
            assertThat(again.path()).isEqualTo(path);
            assertThat(again.sequence()).isEqualTo(first.sequence() + 1);
            assertThat(brokenAsked.get()).isEqualTo(2);
        } finally {
            ok.stop(0);
            broken.stop(0);
        }
    }
}
