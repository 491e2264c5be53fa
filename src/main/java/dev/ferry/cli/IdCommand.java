package dev.ferry.cli;

import dev.ferry.identity.Did;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.PeerInfo;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.node.Hosts;
import dev.ferry.node.Node;
import dev.ferry.node.repo.Repo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ferry id [PEER-ADDRESS]}: this node's identity as JSON (ID, DID, PublicKey, Addresses, AgentVersion,
 * Protocols), or, given a peer's address, what that peer tells about itself over identify. Without a daemon the
 * addresses are the configured {@code Addresses.Swarm} and the protocols those a running node answers.
 */
@Command(name = "id", mixinStandardHelpOptions = true, description = "Show the identity of this node or of a peer.")
final class IdCommand implements Callable<Integer> {
    private final FerryCli.CliEnv env;

    @Mixin
    RepoOptions repo;

    @Parameters(paramLabel = "PEER-ADDRESS", arity = "0..1",
            description = "A peer's multiaddr ending in /p2p/<id>: connect and show what it tells about itself.")
    String peer;

    @Option(names = "--timeout", defaultValue = "10s", description = "Time allowed to reach a peer (default ${DEFAULT-VALUE}).")
    String timeout;

    IdCommand(FerryCli.CliEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        if (peer != null) {
            return remote();
        }
        var dir = repo.resolve(env);
        var daemon = DaemonClient.find(dir, env);
        if (daemon.isPresent()) {
            env.out().println(Json.pretty(daemon.get().json("id", List.of(), Map.of())));
            return 0;
        }
        Repo.requireInitialized(dir);
        Identity id = dev.ferry.node.repo.IdentityFile.load(dir);
        var cfg = Repo.readConfig(dir);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", id.peerId().toString());
        out.put("DID", id.did().toString());
        out.put("PublicKey", Base64.getEncoder().encodeToString(id.publicKey().marshal()));
        List<String> addrs = new ArrayList<>();
        for (String a : cfg.strings("Addresses.Swarm")) {
            addrs.add(a + "/p2p/" + id.peerId());
        }
        out.put("Addresses", addrs);
        // what a daemon on this repository would answer, without starting a host for it
        out.put("AgentVersion", IdentifyService.defaultAgentVersion());
        out.put("Protocols", Node.protocols(cfg));
        env.out().println(Json.pretty(out));
        return 0;
    }

    private int remote() throws Exception {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(peer);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("invalid multiaddr '" + peer + "': " + e.getMessage());
        }
        PeerId target = PeerId.parse(addr.lastValueOf("p2p")
                .orElseThrow(() -> new IllegalArgumentException("the address must end in /p2p/<peer id>: " + peer)));
        Duration limit = dev.ferry.node.Durations.parse(timeout);
        try (Hosts.Services s = OfflineHost.create(repo.resolve(env), Identity.generate(new java.security.SecureRandom()),
                HostConfig.defaults(), env.env())) {
            s.host().connect(addr);
            s.identify().awaitIdentified(target, limit);
            PeerInfo info = s.host().peerStore().get(target).orElseThrow();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ID", target.toString());
            info.publicKeyIfKnown().ifPresent(k -> {
                out.put("PublicKey", Base64.getEncoder().encodeToString(k.marshal()));
                try {
                    out.put("DID", Did.of(k).toString());
                } catch (RuntimeException notEd25519) {
                    // did:key is defined here for Ed25519 keys only
                }
            });
            out.put("Addresses", info.addresses().stream().map(a -> a + "/p2p/" + target).toList());
            out.put("AgentVersion", info.agent().orElse(""));
            out.put("Protocols", info.protocols().stream().sorted().toList());
            env.out().println(Json.pretty(out));
        }
        return 0;
    }
}
