package dev.ferry.exchange.bitswap.client;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import java.util.HashSet;
import java.util.Set;

/** What the client knows of one connected peer. Guarded by the client's lock. */
final class PeerState {
    final PeerId id;
    final Set<Cid> inFlight = new HashSet<>();
    double speed;
    long lastArrival;
    long blocksReceived;
    long havesReceived;
    long bytesReceived;
    long dupBlocks;
    long bad;

    PeerState(PeerId id, double initialSpeed) {
        this.id = id;
        this.speed = initialSpeed;
    }

    /** It has shown it holds something (a HAVE or a block): a candidate for any want, no want-have needed. */
    boolean isSessionPeer() {
        return blocksReceived > 0 || havesReceived > 0;
    }

    /** Expected time until one more block from this peer: lower is better. */
    double cost() {
        return (inFlight.size() + 1) / speed;
    }

    PeerCounters counters() {
        return new PeerCounters(id, blocksReceived, bytesReceived, dupBlocks, bad, inFlight.size(), speed);
    }
}
