package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.identity.Identity;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootstrap [list]|add|rm} edit the config's {@code Bootstrap} list as Kubo does and keep it across a restart;
 * {@code repo/version} and {@code stats/repo} answer from the repository. Every address is on 127.0.0.1 (port 1:
 * nothing listens there), so that the restarted node's DHT bootstrap dials nothing outside this machine.
 */
@Timeout(120)
class BootstrapRpcTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path tmp;

    private static String peer() {
        return Identity.generate(RANDOM).peerId().toString();
    }

    private static JsonNode ok(RpcTestNode n, String command, String query) throws Exception {
        var res = n.post(command, query);
        assertThat(res.statusCode()).as(command + "?" + query + ": " + RpcTestNode.text(res)).isEqualTo(200);
        return RpcTestNode.json(res);
    }

    private static String fails(RpcTestNode n, String command, String query) throws Exception {
        var res = n.post(command, query);
        assertThat(res.statusCode()).as(command + "?" + query).isEqualTo(400);
        return RpcServer.JSON.readTree(res.body()).get("Message").asText();
    }

    private static List<String> peers(JsonNode answer) {
        assertThat(answer.fieldNames()).toIterable().containsExactly("Peers");
        List<String> out = new ArrayList<>();
        answer.get("Peers").forEach(p -> out.add(p.asText()));
        return out;
    }

    private static List<String> onDisk(Path repo) {
        return RepoConfig.load(repo.resolve(Repo.CONFIG)).strings("Bootstrap");
    }

    @Test
    void addListRemoveAndKeepAcrossARestart() throws Exception {
        Path dir = tmp.resolve("repo");
        String p1 = peer();
        String p2 = peer();
        String a1 = "/ip4/127.0.0.1/tcp/1/p2p/" + p1;
        String a1b = "/ip4/127.0.0.1/udp/1/quic-v1/p2p/" + p1;
        String a2 = "/ip4/127.0.0.1/tcp/1/p2p/" + p2;
        try (RpcTestNode n = RpcTestNode.start(dir)) {
            assertThat(peers(ok(n, "bootstrap/list", ""))).isEmpty();

            assertThat(peers(ok(n, "bootstrap/add", "arg=" + a1 + "&arg=" + a2))).containsExactly(a1, a2);
            // only what is new is reported; new entries go first, as Kubo orders them; /ipfs/ is written /p2p/
            assertThat(peers(ok(n, "bootstrap/add", "arg=" + a2 + "&arg=" + a1b.replace("/p2p/", "/ipfs/"))))
                    .containsExactly(a1b);
            assertThat(peers(ok(n, "bootstrap/list", ""))).containsExactly(a2, a1b, a1);
            assertThat(peers(ok(n, "bootstrap", ""))).containsExactly(a2, a1b, a1);
            assertThat(onDisk(dir)).containsExactly(a2, a1b, a1);
            assertThat(ok(n, "config", "arg=Bootstrap").get("Value").toString())
                    .isEqualTo("[\"" + a2 + "\",\"" + a1b + "\",\"" + a1 + "\"]");

            // an invalid address changes nothing
            assertThat(fails(n, "bootstrap/add", "arg=/ip4/127.0.0.1/tcp/1"))
                    .isEqualTo("invalid bootstrap address (it must end in /p2p/<peer id>): /ip4/127.0.0.1/tcp/1");
            assertThat(fails(n, "bootstrap/add", "arg=" + a2 + "&arg=/ip4/1.2.3.4/tcp/x/p2p/" + p1))
                    .startsWith("invalid multiaddr '/ip4/1.2.3.4/tcp/x/p2p/" + p1 + "'");
            assertThat(fails(n, "bootstrap/add", "arg=/p2p/" + p1))
                    .isEqualTo("bootstrap address without a transport: /p2p/" + p1);
            assertThat(fails(n, "bootstrap/add", "arg=/ip4/127.0.0.1/tcp/1/p2p/QmNotAPeer"))
                    .startsWith("invalid multiaddr");
            assertThat(fails(n, "bootstrap/add", "")).isEqualTo("no bootstrap peers to add");
            assertThat(fails(n, "bootstrap/rm", "")).contains("no bootstrap peers to remove");
            assertThat(n.post("bootstrap/add", "all=true").statusCode()).isEqualTo(400);
            assertThat(onDisk(dir)).containsExactly(a2, a1b, a1);

            // a full address removes that entry; nothing matching removes nothing
            assertThat(peers(ok(n, "bootstrap/rm", "arg=" + a2))).containsExactly(a2);
            assertThat(peers(ok(n, "bootstrap/rm", "arg=" + a2))).isEmpty();
            assertThat(peers(ok(n, "bootstrap/list", ""))).containsExactly(a1b, a1);
            // Kubo's add order: the new entry in front
            assertThat(peers(ok(n, "bootstrap/add", "arg=" + a2))).containsExactly(a2);
        }
        assertThat(onDisk(dir)).containsExactly(a2, a1b, a1);
        try (RpcTestNode n = RpcTestNode.restart(dir)) {
            assertThat(peers(ok(n, "bootstrap/list", ""))).containsExactly(a2, a1b, a1);
            // /p2p/<id> alone removes every address of that peer
            assertThat(peers(ok(n, "bootstrap/rm", "arg=/p2p/" + p1))).containsExactly(a1b, a1);
            assertThat(peers(ok(n, "bootstrap/rm", "all=true"))).containsExactly(a2);
            assertThat(peers(ok(n, "bootstrap/list", ""))).isEmpty();
            assertThat(onDisk(dir)).isEmpty();
        }
    }

    @Test
    void kubosDefaultListIsOnlyWrittenToTheConfig() throws Exception {
        Path dir = tmp.resolve("defaults");
        try (RpcTestNode n = RpcTestNode.start(dir)) {
            String mine = "/ip4/127.0.0.1/tcp/1/p2p/" + peer();
            ok(n, "bootstrap/add", "arg=" + mine);
            assertThat(peers(ok(n, "bootstrap/add", "default=true"))).containsExactlyElementsOf(BootstrapRpc.KUBO_DEFAULTS);
            assertThat(peers(ok(n, "bootstrap/add/default", ""))).isEmpty();
            List<String> all = new ArrayList<>(BootstrapRpc.KUBO_DEFAULTS);
            all.add(mine);
            assertThat(onDisk(dir)).containsExactlyElementsOf(all);
            assertThat(BootstrapRpc.KUBO_DEFAULTS).hasSize(7)
                    .allSatisfy(a -> assertThat(a).contains("/p2p/"))
                    .anySatisfy(a -> assertThat(a).startsWith("/dnsaddr/bootstrap.libp2p.io/p2p/"));
            // writing them dialled nobody
            assertThat(n.node.host().connectionManager().allConnections()).isEmpty();

            assertThat(peers(ok(n, "bootstrap/rm/all", ""))).containsExactlyElementsOf(all);
            assertThat(onDisk(dir)).isEmpty();
            // the word default stands for the list, as in Kubo's 'bootstrap add default'
            assertThat(peers(ok(n, "bootstrap/add", "arg=default"))).containsExactlyElementsOf(BootstrapRpc.KUBO_DEFAULTS);
            assertThat(peers(ok(n, "bootstrap/rm", "all=true"))).hasSize(7);
        }
    }

    @Test
    void repoVersionIsTheVersionFileAndStatsRepoIsRepoStat() throws Exception {
        Path dir = tmp.resolve("repo");
        try (RpcTestNode n = RpcTestNode.start(dir)) {
            assertThat(ok(n, "repo/version", "").toString()).isEqualTo("{\"Version\":\"" + Repo.VERSION + "\"}");
            assertThat(ok(n, "repo/version", "quiet=true").toString()).isEqualTo("{\"Version\":\"1\"}");
            // read from the repository, not a constant
            Files.writeString(dir.resolve(Repo.VERSION_FILE), "17\n");
            assertThat(ok(n, "repo/version", "").get("Version").asText()).isEqualTo("17");
            Files.delete(dir.resolve(Repo.VERSION_FILE));
            var missing = n.post("repo/version", "");
            assertThat(missing.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.text(missing)).contains("no version file");
            Files.writeString(dir.resolve(Repo.VERSION_FILE), Repo.VERSION + "\n");

            n.node.repo().blocks().put(Block.raw("counted by both".getBytes(StandardCharsets.UTF_8)));
            JsonNode stat = ok(n, "repo/stat", "");
            assertThat(stat.get("NumObjects").asLong()).isPositive();
            assertThat(ok(n, "stats/repo", "")).isEqualTo(stat);
            assertThat(ok(n, "stats/repo", "size-only=true")).isEqualTo(ok(n, "repo/stat", "size-only=true"));
            assertThat(ok(n, "stats/repo", "size-only=true").has("NumObjects")).isFalse();
        }
    }
}
