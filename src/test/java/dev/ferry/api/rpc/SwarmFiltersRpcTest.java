package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.node.repo.RepoConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm/filters[/add|/rm]} in Kubo's JSON, changing the running host and {@code Swarm.AddrFilters} together,
 * and {@code routing/reprovide}. (kubo-rpc-client 7 has neither {@code swarm.filters} nor {@code routing.reprovide},
 * so these are checked over HTTP.)
 */
@Timeout(90)
class SwarmFiltersRpcTest {
    @TempDir
    Path tmp;

    private static String configFilters(RpcTestNode n) {
        return n.node.repo().config().get("Swarm.AddrFilters").map(Object::toString).orElse("absent");
    }

    @Test
    void filtersAreListedAddedAndRemovedInTheDaemonAndTheConfig() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"), MultipartLimits.defaults(), c -> c.set(
                "Swarm.AddrFilters", RepoConfig.parseValue("[\"/ip4/192.168.0.0/ipcidr/16\"]", true)));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"), MultipartLimits.defaults(), c -> c.set(
                        "Reprovider.Interval", RepoConfig.parseValue("0", false)))) {
            String target = b.node.listenAddresses().getFirst() + "/p2p/" + b.node.identity().peerId();
            assertThat(RpcTestNode.text(a.post("swarm/filters", "")))
                    .isEqualTo("{\"Strings\":[\"/ip4/192.168.0.0/ipcidr/16\"]}");

            var added = a.post("swarm/filters/add", "arg=/ip4/127.1.2.3/ipcidr/8&arg=/ip6/fc00::/ipcidr/7"
                    + "&arg=/ip4/127.0.0.0/ipcidr/8");
            assertThat(RpcTestNode.text(added)).isEqualTo("{\"Strings\":[\"/ip4/127.0.0.0/ipcidr/8\","
                    + "\"/ip6/fc00::/ipcidr/7\"]}");
            assertThat(configFilters(a)).isEqualTo("[\"/ip4/127.0.0.0/ipcidr/8\",\"/ip6/fc00::/ipcidr/7\","
                    + "\"/ip4/192.168.0.0/ipcidr/16\"]");
            assertThat(RpcTestNode.json(a.post("swarm/filters", "")).path("Strings")).hasSize(3);

            var refused = a.post("swarm/connect", "arg=" + target);
            assertThat(refused.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(refused).path("Message").asText())
                    .isEqualTo("address filtered: " + b.node.listenAddresses().getFirst());

            var bad = a.post("swarm/filters/add", "arg=/ip4/10.0.0.0/ipcidr/8&arg=10.0.0.0/8");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(RpcTestNode.json(bad).path("Message").asText()).contains("10.0.0.0/8");
            assertThat(RpcTestNode.json(a.post("swarm/filters", "")).path("Strings")).hasSize(3);
            assertThat(a.post("swarm/filters/add", "").statusCode()).isEqualTo(400);

            assertThat(RpcTestNode.text(a.post("swarm/filters/rm", "arg=/ip4/127.0.0.0/ipcidr/8")))
                    .isEqualTo("{\"Strings\":[\"/ip4/127.0.0.0/ipcidr/8\"]}");
            assertThat(configFilters(a)).isEqualTo("[\"/ip6/fc00::/ipcidr/7\",\"/ip4/192.168.0.0/ipcidr/16\"]");
            assertThat(a.post("swarm/connect", "arg=" + target).statusCode()).isEqualTo(200);
            assertThat(RpcTestNode.text(a.post("swarm/filters/rm", "arg=/ip4/127.0.0.0/ipcidr/8")))
                    .isEqualTo("{\"Strings\":[]}");

            // in the order the daemon took them: the config's at the start, then those added
            assertThat(RpcTestNode.text(a.post("swarm/filters/rm", "arg=all")))
                    .isEqualTo("{\"Strings\":[\"/ip4/192.168.0.0/ipcidr/16\",\"/ip6/fc00::/ipcidr/7\"]}");
            assertThat(configFilters(a)).isEqualTo("[]");
            assertThat(RpcTestNode.text(a.post("swarm/filters", ""))).isEqualTo("{\"Strings\":[]}");

            var reprovided = a.post("routing/reprovide", "");
            assertThat(reprovided.statusCode()).isEqualTo(200);
            assertThat(reprovided.body()).isEmpty();
            var off = b.post("routing/reprovide", "");
            assertThat(off.statusCode()).isEqualTo(500);
            assertThat(RpcTestNode.json(off).path("Message").asText())
                    .isEqualTo("invalid configuration: Reprovider.Interval is set to '0'");
        }
    }
}
