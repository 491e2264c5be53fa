package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.pubsub.ContentNotices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a fetch of a CID that is not local, connects to the peers that announced it ({@link ContentNotices}) and are
 * not connected: then Bitswap and the router see them like any other connected peer. At most
 * {@link #MAX_PEERS} announcers, dialled at once, each on its announced addresses in turn; the whole step waits at
 * most {@link #WAIT_MILLIS} ms, and a dial that takes longer goes on in the background. A notice can only make us dial
 * the peer ID that signed it: the handshake refuses any other peer at the announced address.
 */
final class AnnouncerReach implements Consumer<Cid> {
    static final int MAX_PEERS = 3;
    static final long WAIT_MILLIS = 3000;
    private static final Logger log = LoggerFactory.getLogger(AnnouncerReach.class);

    private final Host host;
    private final ContentNotices notices;

    AnnouncerReach(Host host, ContentNotices notices) {
        this.host = host;
        this.notices = notices;
    }

    @Override
    public void accept(Cid cid) {
        List<Thread> dials = new ArrayList<>();
        for (ContentNotices.Announcement a : notices.announcers(cid)) {
            if (dials.size() == MAX_PEERS) {
                break;
            }
            if (a.author().equals(host.peerId()) || host.isConnected(a.author()) || a.addresses().isEmpty()) {
                continue;
            }
            dials.add(Thread.ofVirtual().name("reach " + a.author()).start(() -> dial(a.author(), a.addresses())));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        for (Thread t : dials) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void dial(PeerId peer, List<Multiaddr> addresses) {
        for (Multiaddr a : addresses) {
            try {
                host.connect(a.encapsulate("/p2p/" + peer));
                log.debug("reached {} at {}: it announced content being fetched", peer, a);
                return;
            } catch (Exception e) {
                log.debug("announcer {} not reached at {}: {}", peer, a, e.toString());
            }
        }
    }
}
