package dev.ferry.exchange.bitswap;

import dev.ferry.exchange.bitswap.client.BitswapClient;
import dev.ferry.exchange.bitswap.client.ClientStats;
import dev.ferry.exchange.bitswap.client.PeerCounters;
import dev.ferry.exchange.bitswap.network.BitswapNetwork;
import dev.ferry.exchange.bitswap.network.MessageReceiver;
import dev.ferry.exchange.bitswap.server.BitswapServer;
import dev.ferry.exchange.bitswap.server.LedgerSnapshot;
import dev.ferry.exchange.bitswap.server.PeerWeights;
import dev.ferry.exchange.bitswap.server.RequestGate;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapWireException;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Bitswap on a host, all parts wired: the network delivers wants to the server and blocks and presences to the
 * client; blocks the client stores are offered to peers waiting for them. Start with {@link #start}; close stops
 * Bitswap (not the host or the store).
 *
 * <pre>{@code
 * Bitswap bs = Bitswap.start(host, blockstore, Links::of, RequestGate.ALLOW_ALL, BitswapConfig.defaults());
 * Block b = bs.client().get(cid, Duration.ofSeconds(30));          // one block
 * try (BitswapSession s = bs.client().newSession();                // or newSession(peers)
 *      DagStream dag = s.stream(root, Duration.ofSeconds(30))) {   // a DAG in pre-order, prefetched
 *     while (dag.hasNext()) { Block next = dag.next(); }
 * }
 * BitswapStats st = bs.stats();
 * }</pre>
 * The host must also run identify: js-libp2p peers only send wants to peers whose identify lists Bitswap.
 */
public final class Bitswap implements AutoCloseable {
    private final BitswapNetwork network;
    private final BitswapServer server;
    private final BitswapClient client;

    private Bitswap(BitswapNetwork network, BitswapServer server, BitswapClient client) {
        this.network = network;
        this.server = server;
        this.client = client;
    }

    /**
     * @param links extracts child CIDs for DAG prefetch (the node passes {@code dag.walk.Links::of})
     * @param gate  who may get which block ({@link RequestGate#ALLOW_ALL} for a public node)
     */
    public static Bitswap start(Host host, Blockstore store, Function<Block, List<Cid>> links, RequestGate gate,
            BitswapConfig config) {
        return start(host, store, links, gate, PeerWeights.EQUAL, config);
    }

    /**
     * As {@link #start(Host, Blockstore, Function, RequestGate, BitswapConfig)}, the server giving each peer the share
     * {@code weights} says when it is contended.
     */
    public static Bitswap start(Host host, Blockstore store, Function<Block, List<Cid>> links, RequestGate gate,
            PeerWeights weights, BitswapConfig config) {
        BitswapNetwork network = new BitswapNetwork(host, config.network());
        BitswapServer server = new BitswapServer(store, network, config.server(), gate, weights);
        BitswapClient client = new BitswapClient(store, network, links, config.client());
        client.addStoredListener(b -> server.blockAdded(b.cid()));
        network.start(new MessageReceiver() {
            @Override
            public void receive(PeerId from, BitswapMessage m) {
                server.receiveWants(from, m);
                if (!m.blocks().isEmpty()) {
                    server.recordReceived(from, m.blocks().size(), m.blockBytes());
                }
                client.receive(from, m);
            }

            @Override
            public void malformed(PeerId from, BitswapWireException error) {
                client.malformed(from, error);
            }

            @Override
            public void peerConnected(PeerId peer) {
                client.peerConnected(peer);
            }

            @Override
            public void peerDisconnected(PeerId peer) {
                client.peerDisconnected(peer);
                server.peerDisconnected(peer);
            }
        });
        return new Bitswap(network, server, client);
    }

    public BitswapClient client() {
        return client;
    }

    public BitswapServer server() {
        return server;
    }

    public BitswapNetwork network() {
        return network;
    }

    public BitswapStats stats() {
        ClientStats c = client.stats();
        List<LedgerSnapshot> ledgers = server.ledgers();
        Set<PeerId> partners = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
        partners.addAll(network.peers());
        Map<PeerId, BitswapStats.PeerStats> per = new HashMap<>();
        Map<PeerId, LedgerSnapshot> byPeer = new HashMap<>();
        ledgers.forEach(l -> byPeer.put(l.peer(), l));
        Set<PeerId> all = new java.util.HashSet<>(c.peers().keySet());
        all.addAll(byPeer.keySet());
        for (PeerId p : all) {
            PeerCounters pc = c.peers().get(p);
            LedgerSnapshot l = byPeer.get(p);
            per.put(p, new BitswapStats.PeerStats(
                    pc == null ? 0 : pc.blocksReceived(), pc == null ? 0 : pc.bytesReceived(),
                    l == null ? 0 : l.blocksSent(), l == null ? 0 : l.bytesSent(),
                    pc == null ? 0 : pc.dupBlocks(), pc == null ? 0 : pc.bad(),
                    l == null ? 0 : l.wants(), pc == null ? 0 : pc.speed()));
        }
        return new BitswapStats(c.blocksReceived(), c.dataReceived(), server.blocksSent(), server.bytesSent(),
                c.dupBlocksReceived(), c.dupDataReceived(), c.badBlocksReceived(), c.wantlist(),
                new ArrayList<>(partners), Map.copyOf(per));
    }

    @Override
    public void close() {
        network.close();
        client.close();
        server.close();
    }
}
