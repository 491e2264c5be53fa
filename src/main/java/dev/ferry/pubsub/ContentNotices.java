package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.Multihash;
import dev.ferry.pubsub.wire.ContentNotice;
import dev.ferry.pubsub.wire.ContentNoticeCodec;
import dev.ferry.pubsub.wire.PubsubWireException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content notices on the pubsub topic {@value #TOPIC}: a node that adds content announces its roots with the addresses
 * it listens on, and every subscribed node remembers, per root, who announced it and where to reach them. A fetch of
 * such a root can then connect to an announcer that is not connected yet (peers learn of new content across the
 * mesh, not only from their direct neighbours' indexes).
 *
 * <p>Bounds: notices are decoded strictly ({@link ContentNoticeCodec}); only signed notices count (the author is the
 * message's verified author); the table keeps at most {@link #MAX_ROOTS} roots, the most recently announced, each
 * with its {@link #MAX_ANNOUNCERS} latest announcers, for {@link #TTL}. Thread-safe.
 */
public final class ContentNotices implements AutoCloseable {
    public static final String TOPIC = "/ferry/content/1.0.0";
    static final int MAX_ROOTS = 10_000;
    static final int MAX_ANNOUNCERS = 4;
    static final Duration TTL = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ContentNotices.class);

    /** One peer's announcement of a root. */
    public record Announcement(PeerId author, List<Multiaddr> addresses, Instant at) {
        public Announcement {
            addresses = List.copyOf(addresses);
        }
    }

    private final Pubsub pubsub;
    private final PeerId self;
    private final Supplier<List<Multiaddr>> ourAddresses;
    private final InstantSource clock;
    private final Subscription subscription;
    private final Thread reader;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Multihash, List<Announcement>> table = new LinkedHashMap<>(); // guarded by lock
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private ContentNotices(Pubsub pubsub, PeerId self, Supplier<List<Multiaddr>> ourAddresses, InstantSource clock) {
        this.pubsub = Objects.requireNonNull(pubsub, "pubsub");
        this.self = self;
        this.ourAddresses = ourAddresses;
        this.clock = clock;
        this.subscription = pubsub.subscribe(TOPIC);
        this.reader = Thread.ofVirtual().name("content-notices").unstarted(this::readLoop);
    }

    /**
     * Subscribes to the notices topic on {@code pubsub}.
     *
     * @param self         our peer ID (our own notices come back to us and are not recorded)
     * @param ourAddresses the addresses announced with our notices
     */
    public static ContentNotices start(Pubsub pubsub, PeerId self, Supplier<List<Multiaddr>> ourAddresses,
            InstantSource clock) {
        pubsub.setValidator(TOPIC, ContentNotices::validate); // malformed notices stop at the first ferry node
        ContentNotices n = new ContentNotices(pubsub, self, ourAddresses, clock);
        n.reader.start();
        return n;
    }

    /** The topic's validator: a signed author and a well-formed notice. */
    static void validate(Optional<PeerId> author, byte[] data) throws InvalidMessageException {
        if (author.isEmpty()) {
            throw new InvalidMessageException("an anonymous content notice names nobody to reach");
        }
        try {
            ContentNoticeCodec.decode(data);
        } catch (PubsubWireException e) {
            throw new InvalidMessageException(e.getMessage());
        }
    }

    /** Announces {@code roots} (in notices of at most 64) with our addresses; returns the peers the first reached. */
    public int announce(List<Cid> roots) {
        List<Multiaddr> addrs = ourAddresses.get().stream()
                .filter(a -> a.valueOf("p2p").isEmpty())
                .limit(ContentNotice.MAX_ADDRESSES).toList();
        int reached = 0;
        for (int i = 0; i < roots.size(); i += ContentNotice.MAX_ROOTS) {
            List<Cid> part = roots.subList(i, Math.min(roots.size(), i + ContentNotice.MAX_ROOTS));
            int n = pubsub.publish(TOPIC, ContentNoticeCodec.encode(new ContentNotice(part, addrs)));
            reached = i == 0 ? n : reached;
        }
        return reached;
    }

    /** Who announced {@code root} within the last hour, newest first. */
    public List<Announcement> announcers(Cid root) {
        Instant oldest = clock.instant().minus(TTL);
        lock.lock();
        try {
            List<Announcement> list = table.get(root.multihash());
            if (list == null) {
                return List.of();
            }
            return list.stream().filter(a -> a.at().isAfter(oldest)).toList().reversed();
        } finally {
            lock.unlock();
        }
    }

    /** Notices taken in. */
    public long received() {
        return received.get();
    }

    /** Notices refused: unsigned or malformed. */
    public long refused() {
        return refused.get();
    }

    private void readLoop() {
        try {
            while (!subscription.isClosed()) {
                Optional<PubsubMessage> m = subscription.next(Duration.ofSeconds(1));
                m.ifPresent(this::take);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Records one notice. Package-private for tests. */
    void take(PubsubMessage m) {
        if (m.author().isEmpty()) {
            refused.incrementAndGet(); // an anonymous notice names nobody to reach
            return;
        }
        PeerId author = m.author().get();
        if (author.equals(self)) {
            return;
        }
        ContentNotice notice;
        try {
            notice = ContentNoticeCodec.decode(m.data());
        } catch (PubsubWireException e) {
            refused.incrementAndGet();
            log.debug("refused a content notice from {}: {}", author, e.getMessage());
            return;
        }
        received.incrementAndGet();
        Announcement a = new Announcement(author, notice.addresses(), clock.instant());
        lock.lock();
        try {
            for (Cid root : notice.roots()) {
                List<Announcement> list = table.remove(root.multihash()); // re-inserted: newest at the end
                if (list == null) {
                    list = new ArrayList<>();
                }
                list.removeIf(x -> x.author().equals(author));
                list.add(a);
                if (list.size() > MAX_ANNOUNCERS) {
                    list.removeFirst();
                }
                table.put(root.multihash(), list);
            }
            while (table.size() > MAX_ROOTS) {
                Map.Entry<Multihash, List<Announcement>> eldest = table.entrySet().iterator().next();
                table.remove(eldest.getKey());
            }
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return table.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        pubsub.removeValidator(TOPIC);
        subscription.close();
        reader.interrupt();
    }
}
