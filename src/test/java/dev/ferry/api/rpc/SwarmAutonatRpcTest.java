package dev.ferry.api.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.autonat.AutonatServer;
import dev.ferry.net.autonat.v2.AutonatV2Server;
import dev.ferry.node.repo.RepoConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code swarm/autonat}: the reachability found so far, and the service as {@code AutoNAT.ServiceMode} set it. */
@Timeout(90)
class SwarmAutonatRpcTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshNodeIsUnknownAndServesByDefaultButNotWhenDisabled() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"), MultipartLimits.defaults(), c -> c.set(
                        "AutoNAT", RepoConfig.parseValue("{\"ServiceMode\": \"disabled\"}", true)))) {
            JsonNode on = RpcTestNode.json(a.post("swarm/autonat", ""));
            assertThat(on.path("Reachability").asText()).isEqualTo("Unknown");
            assertThat(on.path("Confidence").asInt()).isZero();
            assertThat(on.path("Reachable")).isEmpty();
            assertThat(on.path("ServiceMode").asText()).isEqualTo("enabled");
            assertThat(on.path("Serving").asBoolean()).isTrue();
            assertThat(on.path("Answered").path("OK").asLong()).isZero();
            assertThat(a.node.host().protocols()).contains(AutonatServer.PROTOCOL_ID);

            JsonNode off = RpcTestNode.json(b.post("swarm/autonat", ""));
            assertThat(off.path("ServiceMode").asText()).isEqualTo("disabled");
            assertThat(off.path("Serving").asBoolean()).isFalse();
            assertThat(b.node.host().protocols()).doesNotContain(AutonatServer.PROTOCOL_ID);
            assertThat(b.node.host().protocols()).doesNotContain(AutonatV2Server.DIAL_REQUEST)
                    .contains(AutonatV2Server.DIAL_BACK); // its own client still takes dial-backs
            assertThat(off.path("V2").path("Serving").asBoolean()).isFalse();

            JsonNode v2 = on.path("V2");
            assertThat(v2.path("Serving").asBoolean()).isTrue();
            assertThat(v2.path("Addresses")).isEmpty(); // loopback only: nothing to check on the Internet
            assertThat(v2.path("Answered").path("E_DIAL_BACK_ERROR").asLong()).isZero();
            assertThat(a.node.host().protocols()).contains(AutonatV2Server.DIAL_REQUEST, AutonatV2Server.DIAL_BACK);
            assertThat(on.path("Observed")).isEmpty();

            // what peers report seeing the node at, with the number of observers
            var host = a.node.host();
            Multiaddr local = host.listenAddresses().getFirst();
            Multiaddr seen = Multiaddr.parse("/ip4/203.0.113.7/tcp/4001");
            for (int i = 1; i <= 4; i++) {
                host.observedAddresses().observe(local, Multiaddr.parse("/ip4/198.51.100." + i + "/tcp/1"), seen,
                        host.listenAddresses());
            }
            host.observedAddresses().observe(local, Multiaddr.parse("/ip4/198.51.100.9/tcp/1"),
                    Multiaddr.parse("/ip4/203.0.113.7/tcp/4999"), host.listenAddresses());
            JsonNode observed = RpcTestNode.json(a.post("swarm/autonat", "")).path("Observed");
            assertThat(observed).hasSize(2);
            assertThat(observed.get(0).path("Address").asText()).isEqualTo(seen.toString());
            assertThat(observed.get(0).path("Observers").asInt()).isEqualTo(4);
            assertThat(observed.get(0).path("Confirmed").asBoolean()).isTrue();
            assertThat(observed.get(1).path("Address").asText()).isEqualTo("/ip4/203.0.113.7/tcp/4999");
            assertThat(observed.get(1).path("Confirmed").asBoolean()).isFalse();
            assertThat(observed.get(1).path("LastSeen").asText()).isNotEmpty();
            assertThat(observed.get(0).path("Announced").asBoolean()).isTrue();
            assertThat(observed.get(0).path("Status").asText()).isEqualTo("confirmed");
            assertThat(observed.get(0).path("Reason").asText()).isEqualTo("confirmed by 4 observers");
            assertThat(observed.get(1).path("Announced").asBoolean()).isFalse();
            assertThat(observed.get(1).path("Status").asText()).isEqualTo("observed");
            assertThat(observed.get(1).path("Reason").asText()).isEmpty();

            // AutoNAT v2 found it unreachable: still confirmed by its observers, no longer announced
            host.setAddressVerdicts(java.util.List.of(), java.util.List.of(seen));
            JsonNode dropped = RpcTestNode.json(a.post("swarm/autonat", "")).path("Observed").get(0);
            assertThat(dropped.path("Address").asText()).isEqualTo(seen.toString());
            assertThat(dropped.path("Confirmed").asBoolean()).isTrue();
            assertThat(dropped.path("Announced").asBoolean()).isFalse();
            assertThat(dropped.path("Status").asText()).isEqualTo("unreachable");
            assertThat(dropped.path("Reason").asText()).isEqualTo("dropped: unreachable (AutoNAT v2)");
            assertThat(host.announceAddresses()).doesNotContain(seen);
        }
    }

    @Test
    void legacyV1ServesV1OnlyAndAnnouncedPublicAddressesAreFollowed() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"), MultipartLimits.defaults(), c -> {
            c.set("AutoNAT", RepoConfig.parseValue("{\"ServiceMode\": \"legacy-v1\"}", true));
            c.set("Addresses.Announce", RepoConfig.parseValue("[\"/ip4/203.0.113.7/tcp/4001\"]", true));
        })) {
            JsonNode s = RpcTestNode.json(a.post("swarm/autonat", ""));
            assertThat(s.path("ServiceMode").asText()).isEqualTo("legacy-v1");
            assertThat(s.path("Serving").asBoolean()).isTrue();
            assertThat(s.path("V2").path("Serving").asBoolean()).isFalse();
            assertThat(a.node.host().protocols()).contains(AutonatServer.PROTOCOL_ID)
                    .doesNotContain(AutonatV2Server.DIAL_REQUEST);
            JsonNode addr = s.path("V2").path("Addresses").get(0);
            assertThat(addr.path("Address").asText()).isEqualTo("/ip4/203.0.113.7/tcp/4001");
            assertThat(addr.path("Reachability").asText()).isEqualTo("Unknown");
            assertThat(addr.path("Successes").asInt() + addr.path("Failures").asInt()).isZero();
            assertThat(addr.path("LastResult").isNull()).isTrue();
        }
    }

    @Test
    void aPeerOnLoopbackIsRefusedByTheService() throws Exception {
        try (RpcTestNode a = RpcTestNode.start(tmp.resolve("a"));
                RpcTestNode b = RpcTestNode.start(tmp.resolve("b"))) {
            String target = a.node.listenAddresses().getFirst() + "/p2p/" + a.node.identity().peerId();
            assertThat(b.post("swarm/connect", "arg=" + target).statusCode()).isEqualTo(200);
            var result = b.node.autonat().client().probe(a.node.identity().peerId());
            // on the Internet loopback names another machine for every peer: never dialled back
            assertThat(result.status().name()).isEqualTo("E_DIAL_REFUSED");
            JsonNode served = RpcTestNode.json(a.post("swarm/autonat", ""));
            assertThat(served.path("Answered").path("E_DIAL_REFUSED").asLong()).isEqualTo(1);
            JsonNode asked = RpcTestNode.json(b.post("swarm/autonat", ""));
            assertThat(asked.path("Probes").asLong()).isEqualTo(1);
            assertThat(asked.path("LastProbe").isTextual()).isTrue();
            assertThat(asked.path("Reachability").asText()).isEqualTo("Unknown");

            // v2 refuses loopback as well, with its own status
            var v2 = b.node.autonat().v2Client().probe(a.node.identity().peerId(), a.node.listenAddresses());
            assertThat(v2.status().name()).isEqualTo("E_DIAL_REFUSED");
            assertThat(RpcTestNode.json(a.post("swarm/autonat", "")).path("V2").path("Answered")
                    .path("E_DIAL_REFUSED").asLong()).isEqualTo(1);
            assertThat(RpcTestNode.json(b.post("swarm/autonat", "")).path("V2").path("Probes").asLong())
                    .isEqualTo(1);
        }
    }
}
