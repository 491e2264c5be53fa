package dev.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.host.JsPeer;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.store.Block;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's DNS.Resolvers with a DNS-over-HTTPS endpoint: a node resolves DNSLink names through it (dns-packet's). */
@Tag("interop")
@Timeout(60)
class DohResolversInteropTest {
    @TempDir
    Path tmp;

    private Path repo(String name, String resolvers) throws Exception {
        Path dir = tmp.resolve(name);
        Repo.init(dir, new SecureRandom());
        PeeringRestartTest.setSwarm(dir, "/ip4/127.0.0.1/tcp/0");
        Repo.updateConfig(dir, c -> {
            c.set("Routing.Type", RepoConfig.parseValue("none", false));
            c.set("DNS.Resolvers", RepoConfig.parseValue(resolvers, true));
        });
        return dir;
    }

    @Test
    void dnsLinkNamesResolveOverHttps() throws Exception {
        String cid = Block.raw("over https".getBytes(StandardCharsets.UTF_8)).cid().toString();
        try (JsPeer doh = new JsPeer("dns/doh-server.mjs", Map.of())) {
            doh.call("txt", Map.of("name", "_dnslink.docs.example", "records",
                    List.of(List.of("dnslink=/ipfs/" + cid + "/guide"))), Duration.ofSeconds(10));
            Path dir = repo("n", "{\".\": \"" + doh.address + "\"}");
            try (Node n = Node.start(Repo.open(dir))) {
                assertThat(n.names().resolve("/ipns/docs.example/a", true, true))
                        .isEqualTo("/ipfs/" + cid + "/guide/a");
                assertThatThrownBy(() -> n.names().resolve("/ipns/none.example", true, true))
                        .isInstanceOf(NameException.class).matches(e -> ((NameException) e).notFound());
            }
            assertThat(doh.call("queries", Map.of(), Duration.ofSeconds(10)).get("queries").toString())
                    .contains("_dnslink.docs.example").contains("_dnslink.none.example");
        }
    }

    @Test
    void plainHttpToAnotherMachineIsRefusedAtStart() throws Exception {
        Path dir = repo("bad", "{\"eth.\": \"http://dns.example/dns-query\"}");
        try (Repo r = Repo.open(dir)) {
            assertThatThrownBy(() -> Node.start(r)).isInstanceOf(RepoException.class)
                    .hasMessageContaining("DNS.Resolvers.eth.").hasMessageContaining("https://");
        }
    }
}
