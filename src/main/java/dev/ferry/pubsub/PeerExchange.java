package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.record.RecordFormatException;
import dev.ferry.net.record.SignedPeerRecord;
import dev.ferry.pubsub.wire.Rpc;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gossipsub v1.1 peer exchange, the receiving side: peers a well-scored peer offered in its PRUNE are dialled, one at
 * a time on a virtual thread of their own, so that a node pruned from a full mesh finds others of the topic. Only
 * offers with a signed peer record that checks out are used (the addresses are then the offered peer's own word, and
 * the handshake proves the peer ID); offers wait in a bounded queue (the rest are dropped), and nothing is dialled
 * while the host holds {@link #MAX_CONNECTIONS} connections or more.
 */
final class PeerExchange implements AutoCloseable {
    /** Peers taken from one PRUNE at most (go-libp2p-pubsub's default too). */
    static final int MAX_PER_PRUNE = 16;
    /** Offers waiting at most. */
    static final int QUEUE = 64;
    /** Connections past which offers are dropped. */
    static final int MAX_CONNECTIONS = 128;

    private static final Logger log = LoggerFactory.getLogger(PeerExchange.class);

    private final Host host;
    private final BlockingQueue<Rpc.PxPeer> offers = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dialled = new AtomicLong();
    private final Thread worker;

    PeerExchange(Host host) {
        this.host = host;
        this.worker = Thread.ofVirtual().name("pubsub-px").start(this::run);
    }

    /** Queues the offers of one PRUNE (the first {@link #MAX_PER_PRUNE}); returns at once. */
    void offer(List<Rpc.PxPeer> peers) {
        for (Rpc.PxPeer p : peers.subList(0, Math.min(peers.size(), MAX_PER_PRUNE))) {
            if (p.signedPeerRecord() != null && !offers.offer(p)) {
                return; // full: the rest are dropped
            }
        }
    }

    /** Peers connected on another peer's offer since start. */
    long dialled() {
        return dialled.get();
    }

    private void run() {
        try {
            while (true) {
                connect(offers.take());
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void connect(Rpc.PxPeer offer) {
        SignedPeerRecord r;
        try {
            r = SignedPeerRecord.open(offer.signedPeerRecord());
        } catch (RecordFormatException e) {
            log.debug("an offered peer record does not hold: {}", e.getMessage());
            return;
        }
        PeerId peer = r.peerId();
        if (offer.peerId() != null && !java.util.Arrays.equals(offer.peerId(), peer.bytes())) {
            return; // the offer names one peer and carries another's record
        }
        if (peer.equals(host.peerId()) || host.isConnected(peer)
                || host.connectionManager().allConnections().size() >= MAX_CONNECTIONS) {
            return;
        }
        host.peerStore().setSignedRecord(r);
        for (Multiaddr a : r.record().addresses()) {
            try {
                host.connect(a.encapsulate("/p2p/" + peer));
                dialled.incrementAndGet();
                return;
            } catch (IOException | RuntimeException e) {
                log.debug("dialling offered peer {} at {} failed: {}", peer, a, e.toString());
            }
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
