package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.exchange.bitswap.testing.HeliaPeer;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Connection;
import dev.ferry.net.host.Direction;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.FetchSession;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helia 7 with only the WebSocket transport (as in a browser, less TLS) and a ferry node listening on {@code /ws}:
 * Helia fetches a file ferry added over Bitswap, and ferry fetches a file Helia added, dialling Helia's {@code /ws}
 * address.
 */
@Tag("interop")
@Timeout(90)
class NodeWebSocketHeliaInteropTest {
    @TempDir
    Path tmp;

    @Test
    void heliaAndFerryExchangeFilesOverWebSockets() throws Exception {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0/ws");
        Repo.updateConfig(dir, c -> {
            c.set("Pubsub.Enabled", RepoConfig.parseValue("false", true));
            c.set("Routing.Type", RepoConfig.parseValue("\"none\"", true));
        });
        byte[] data = new byte[5_000_000];
        new Random(21).nextBytes(data);
        byte[] theirs = new byte[2_000_000];
        new Random(22).nextBytes(theirs);
        Path theirFile = tmp.resolve("theirs.bin");
        Files.write(theirFile, theirs);
        try (Node node = Node.start(Repo.open(dir)); HeliaPeer helia = new HeliaPeer(Map.of("FERRY_HELIA_TRANSPORT", "ws"))) {
            assertThat(helia.address.toString()).contains("/ws/p2p/");
            Cid root = new UnixfsImporter(node.repo().blocks(), ImportOptions.kuboDefaults())
                    .importStream(new ByteArrayInputStream(data), "f").cid();
            node.repo().blocks().sync();
            node.contentChanged();

            String ws = node.listenAddresses().getFirst().encapsulate("/p2p/" + node.host().peerId()).toString();
            assertThat(ws).contains("/ws/p2p/");
            helia.call("connect " + ws, 20);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            assertThat(helia.call("cat " + root, 40)).isEqualTo("cat " + sha + " " + data.length);

            // the other way: ferry asks Helia over the connection Helia opened, then over a dial of its own
            Cid heliaRoot = Cid.parse(helia.call("add-file " + theirFile + " 1 true", 20).substring("added ".length()));
            PeerId heliaId = PeerId.parse(helia.address.valueOf("p2p").orElseThrow());
            node.host().connections(heliaId).forEach(Connection::close);
            assertThat(PeeringRestartTest.within(Duration.ofSeconds(10), () -> !node.host().isConnected(heliaId)))
                    .isTrue();
            node.host().connect(helia.address);
            try (FetchSession s = node.fetcher().open(Duration.ofSeconds(30))) {
                s.fetchAll(heliaRoot);
            }
            try (var in = new UnixfsExporter(node.repo().blocks()).cat(heliaRoot)) {
                assertThat(in.readAllBytes()).isEqualTo(theirs);
            }
            assertThat(node.host().connections(heliaId)).anySatisfy(c -> {
                assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);
                assertThat(c.remoteAddress().orElseThrow().toString()).endsWith("/ws");
            });
        }
    }
}
