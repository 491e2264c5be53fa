package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.EnabledTransports;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.SecurityPreference;
import dev.ferry.net.host.SecurityTransport;
import dev.ferry.node.Hosts;
import dev.ferry.node.Node;
import dev.ferry.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry id} and {@code ferry ping} against a real host on 127.0.0.1. */
class CliNetworkTest {
    @TempDir
    Path tmp;

    @Test
    void idPrintsTheNodeIdentityAndKeepsTheKeyPrivate() throws Exception {
        CliRun cli = new CliRun(tmp.resolve("repo"));
        assertThat(cli.run("init").exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("repo/identity.key"))))
                .isEqualTo("rw-------");
        CliRun.Result r = cli.run("id");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode id = new ObjectMapper().readTree(r.stdout());
        assertThat(id.get("ID").asText()).startsWith("12D3KooW");
        assertThat(id.get("DID").asText()).startsWith("did:key:z6Mk");
        assertThat(id.get("AgentVersion").asText()).startsWith("ferry/");
        // the protocols a running node answers (NodeProtocolsTest holds the list to a started node's)
        List<String> protocols = new ArrayList<>();
        id.get("Protocols").forEach(p -> protocols.add(p.asText()));
        assertThat(protocols).isEqualTo(Node.PROTOCOLS)
                .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/bitswap/1.2.0", "/ferry/request/1.0.0");
        assertThat(id.get("Addresses").get(0).asText()).isEqualTo("/ip4/0.0.0.0/tcp/4001/p2p/" + id.get("ID").asText());
        assertThat(id.get("PublicKey").asText()).isNotEmpty();
    }

    @Test
    void pingAndRemoteIdReachARealHostWithoutADaemon() throws Exception {
        try (Hosts.Services peer = Hosts.create(Identity.generate(new SecureRandom()), HostConfig.defaults())) {
            peer.host().start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
            String addr = peer.host().listenAddresses().getFirst() + "/p2p/" + peer.host().peerId();
            CliRun cli = new CliRun(tmp.resolve("no-repo"));

            CliRun.Result ping = cli.run("ping", addr, "-n", "3");
            assertThat(ping.exitCode()).as(ping.toString()).isZero();
            List<String> lines = ping.lines();
            assertThat(lines.getFirst()).startsWith("PING " + peer.host().peerId());
            assertThat(lines.stream().filter(l -> l.startsWith("Pong received: time="))).hasSize(3);
            assertThat(lines.getLast()).startsWith("Average latency: ");

            CliRun.Result id = cli.run("id", addr);
            assertThat(id.exitCode()).as(id.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(id.stdout());
            assertThat(json.get("ID").asText()).isEqualTo(peer.host().peerId().toString());
            assertThat(json.get("AgentVersion").asText()).startsWith("ferry/");
            assertThat(json.get("Protocols").toString()).contains("/ipfs/ping/1.0.0");

            // the wrong peer id at the right address is refused
            String wrong = peer.host().listenAddresses().getFirst() + "/p2p/" + Identity.generate(new SecureRandom()).peerId();
            CliRun.Result bad = cli.run("ping", wrong, "-n", "1");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.stderr()).startsWith("Error: ");
            assertThat(cli.run("ping", "/ip4/127.0.0.1/tcp/1", "-n", "1").stderr()).startsWith("Error: ").contains("/p2p/");
            assertThat(cli.run("ping", "not-a-multiaddr").stderr()).startsWith("Error: invalid multiaddr");
        }
    }

    @Test
    void pingAndRemoteIdWithoutADaemonKeepToTheRepositoryAddressFilters() throws Exception {
        try (Hosts.Services peer = Hosts.create(Identity.generate(new SecureRandom()), HostConfig.defaults())) {
            peer.host().start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
            Multiaddr listening = peer.host().listenAddresses().getFirst();
            String addr = listening + "/p2p/" + peer.host().peerId();
            CliRun cli = new CliRun(tmp.resolve("repo"));
            assertThat(cli.run("init").exitCode()).isZero();
            assertThat(cli.run("config", "--json", "Swarm.AddrFilters", "[\"/ip4/127.0.0.0/ipcidr/8\"]").exitCode())
                    .isZero();

            CliRun.Result ping = cli.run("ping", addr, "-n", "1");
            assertThat(ping.exitCode()).as(ping.toString()).isEqualTo(1);
            assertThat(ping.stderr()).startsWith("Error: ").contains("address filtered: " + listening);
            CliRun.Result id = cli.run("id", addr);
            assertThat(id.exitCode()).as(id.toString()).isEqualTo(1);
            assertThat(id.stderr()).startsWith("Error: ").contains("address filtered: " + listening);

            // another range leaves the peer reachable; a malformed filter stops the command and names the key
            assertThat(cli.run("config", "--json", "Swarm.AddrFilters", "[\"/ip4/10.0.0.0/ipcidr/8\"]").exitCode())
                    .isZero();
            CliRun.Result reached = cli.run("ping", addr, "-n", "1");
            assertThat(reached.exitCode()).as(reached.toString()).isZero();
            assertThat(cli.run("config", "--json", "Swarm.AddrFilters", "[\"10.0.0.0/8\"]").exitCode()).isZero();
            assertThat(cli.run("ping", addr, "-n", "1").stderr()).startsWith("Error: ")
                    .contains("Swarm.AddrFilters[0]");
        }
    }

    @Test
    void pingAndRemoteIdWithoutADaemonUseTheRepositorySwarmTransports() throws Exception {
        HostConfig tlsOnly = HostConfig.defaults().withTransports(
                EnabledTransports.all().withSecurity(SecurityPreference.of(SecurityTransport.TLS)));
        HostConfig noiseOnly = HostConfig.defaults().withTransports(
                EnabledTransports.all().withSecurity(SecurityPreference.of(SecurityTransport.NOISE)));
        try (Hosts.Services tls = Hosts.create(Identity.generate(new SecureRandom()), tlsOnly);
                Hosts.Services noise = Hosts.create(Identity.generate(new SecureRandom()), noiseOnly)) {
            tls.host().start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
            noise.host().start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
            String tlsAddr = tls.host().listenAddresses().getFirst() + "/p2p/" + tls.host().peerId();
            String noiseAddr = noise.host().listenAddresses().getFirst() + "/p2p/" + noise.host().peerId();
            CliRun cli = new CliRun(tmp.resolve("repo"));
            assertThat(cli.run("init").exitCode()).isZero();
            // the defaults reach both
            assertThat(cli.run("ping", tlsAddr, "-n", "1").exitCode()).isZero();
            assertThat(cli.run("ping", noiseAddr, "-n", "1").exitCode()).isZero();

            // TLS off: only Noise is proposed, which the TLS-only peer refuses
            assertThat(cli.run("config", "--json", "Swarm.Transports.Security.TLS", "false").exitCode()).isZero();
            CliRun.Result refused = cli.run("ping", tlsAddr, "-n", "1");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.stderr()).startsWith("Error: ")
                    .contains("none of the security protocols [/noise]", "Swarm.Transports.Security");
            CliRun.Result idRefused = cli.run("id", tlsAddr);
            assertThat(idRefused.exitCode()).as(idRefused.toString()).isEqualTo(1);
            assertThat(idRefused.stderr()).contains("none of the security protocols [/noise]");
            assertThat(cli.run("ping", noiseAddr, "-n", "1").exitCode()).isZero();

            // Noise off and TLS back by priority: the other way round
            assertThat(cli.run("config", "--json", "Swarm.Transports.Security.TLS", "100").exitCode()).isZero();
            assertThat(cli.run("config", "--json", "Swarm.Transports.Security.Noise", "false").exitCode()).isZero();
            assertThat(cli.run("ping", noiseAddr, "-n", "1").stderr())
                    .contains("none of the security protocols [/tls/1.0.0]");
            CliRun.Result viaTls = cli.run("id", tlsAddr);
            assertThat(viaTls.exitCode()).as(viaTls.toString()).isZero();
            assertThat(new ObjectMapper().readTree(viaTls.stdout()).get("ID").asText())
                    .isEqualTo(tls.host().peerId().toString());

            // TCP off leaves no way to a /tcp address; both security protocols off is a config error
            assertThat(cli.run("config", "--json", "Swarm.Transports.Security.Noise", "null").exitCode()).isZero();
            assertThat(cli.run("config", "--json", "Swarm.Transports.Network.TCP", "false").exitCode()).isZero();
            CliRun.Result noTcp = cli.run("ping", noiseAddr, "-n", "1");
            assertThat(noTcp.exitCode()).as(noTcp.toString()).isEqualTo(1);
            assertThat(noTcp.stderr()).startsWith("Error: ")
                    .contains("the TCP transport is disabled (Swarm.Transports.Network.TCP)");
            assertThat(cli.run("config", "--json", "Swarm.Transports.Network.TCP", "true").exitCode()).isZero();
            assertThat(cli.run("config", "--json", "Swarm.Transports.Security.TLS", "false").exitCode()).isZero();
            assertThat(cli.run("config", "--json", "Swarm.Transports.Security.Noise", "false").exitCode()).isZero();
            assertThat(cli.run("ping", noiseAddr, "-n", "1").stderr()).startsWith("Error: ")
                    .contains("Swarm.Transports.Security");
        }
    }
}
