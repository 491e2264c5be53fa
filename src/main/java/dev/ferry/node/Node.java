package dev.ferry.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.dag.walk.Links;
import dev.ferry.exchange.bitswap.Bitswap;
import dev.ferry.exchange.bitswap.BitswapConfig;
import dev.ferry.exchange.bitswap.server.RequestGate;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.routing.BitswapFetcher;
import dev.ferry.routing.ContentFetcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A running ferry node: the repository (held locked), the libp2p host listening on {@code Addresses.Swarm} with
 * identify, ping and Bitswap, and the peering service for {@code Peering.Peers}. Thread-safe; {@link #close()} stops the
 * network first, then closes the repository.
 */
public final class Node implements AutoCloseable {
    private final Repo repo;
    private final Identity identity;
    private final Hosts.Services services;
    private final PeeringService peering;
    private final Bitswap bitswap;
    private final ContentFetcher fetcher;

    private Node(Repo repo, Identity identity, Hosts.Services services, PeeringService peering, Bitswap bitswap,
            ContentFetcher fetcher) {
        this.repo = repo;
        this.identity = identity;
        this.services = services;
        this.peering = peering;
        this.bitswap = bitswap;
        this.fetcher = fetcher;
    }

    /** Starts a node on an open repository; the node owns the repository from then on. */
    public static Node start(Repo repo) throws IOException {
        RepoConfig cfg = repo.config();
        Identity identity = repo.identity();
        Hosts.Services services = Hosts.create(identity, HostConfig.defaults());
        try {
            List<Multiaddr> listen = new ArrayList<>();
            for (String a : cfg.strings("Addresses.Swarm")) {
                listen.add(Multiaddr.parse(a));
            }
            Bitswap bitswap = Bitswap.start(services.host(), repo.blocks(), Links::of, RequestGate.ALLOW_ALL,
                    BitswapConfig.defaults());
            services.host().start(listen);
            PeeringService peering = new PeeringService(services.host());
            for (PeeringService.Peer p : peeringPeers(cfg)) {
                peering.add(p);
            }
            return new Node(repo, identity, services, peering, bitswap, new BitswapFetcher(repo.blocks(), bitswap));
        } catch (IOException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** {@code Peering.Peers} in Kubo's shape: {@code [{"ID": "12D3…", "Addrs": ["/ip4/…/tcp/…"]}]}. */
    static List<PeeringService.Peer> peeringPeers(RepoConfig cfg) {
        List<PeeringService.Peer> out = new ArrayList<>();
        JsonNode peers = cfg.get("Peering.Peers").orElse(null);
        if (peers == null || !peers.isArray()) {
            return out;
        }
        for (JsonNode p : peers) {
            PeerId id = PeerId.parse(p.path("ID").asText());
            List<Multiaddr> addrs = new ArrayList<>();
            for (JsonNode a : p.path("Addrs")) {
                Multiaddr m = Multiaddr.parse(a.asText());
                addrs.add(m.valueOf("p2p").isPresent() ? m.decapsulate("p2p") : m);
            }
            out.add(new PeeringService.Peer(id, addrs));
        }
        return out;
    }

    public Repo repo() {
        return repo;
    }

    public Identity identity() {
        return identity;
    }

    public Host host() {
        return services.host();
    }

    public Hosts.Services services() {
        return services;
    }

    public Bitswap bitswap() {
        return bitswap;
    }

    /** How the API reads content: the local store, then the node's remote sources. */
    public ContentFetcher fetcher() {
        return fetcher;
    }

    public List<Multiaddr> listenAddresses() {
        return services.host().listenAddresses();
    }

    @Override
    public void close() {
        try {
            peering.close();
            bitswap.close();
            services.close();
        } finally {
            repo.close();
        }
    }
}
