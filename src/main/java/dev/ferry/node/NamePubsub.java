package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.net.fetch.FetchService;
import dev.ferry.pubsub.InvalidMessageException;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.pubsub.PubsubMessage;
import dev.ferry.pubsub.Subscription;
import dev.ferry.routing.ipns.InvalidIpnsRecordException;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPNS over pubsub (the IPNS PubSub Router spec, as Kubo's {@code Ipns.UsePubsub} and Helia's pubsub routing): each
 * name has the topic {@code /record/} + unpadded base64url of its routing key, whose messages are its serialized
 * records. A publisher joins its names' topics and publishes every new record there; a resolver joins the topic of
 * each name it resolves (at most {@link #MAX_WATCHED}, the least recently resolved leave first), so later records
 * reach it as they are published, and asks the topic's peers for the current record over the fetch protocol
 * ({@code /libp2p/fetch/0.0.1}, key = routing key), which this node answers for the records it holds. Messages are
 * checked by the topic's validator: only a valid record of the topic's name that is not older than the one held is
 * delivered or forwarded.
 */
final class NamePubsub implements AutoCloseable {
    static final String TOPIC_PREFIX = "/record/";
    static final int MAX_WATCHED = 256;
    private static final Logger log = LoggerFactory.getLogger(NamePubsub.class);

    private final Pubsub pubsub;
    private final FetchService fetch;
    private final PeerId self;
    private final Clock clock;
    private final Consumer<IpnsRecord> heard;
    private final Function<IpnsName, Optional<IpnsRecord>> held;
    private final Map<IpnsName, Subscription> watched = new LinkedHashMap<>(16, 0.75f, true);
    private final ExecutorService asks = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param heard called with each valid record that arrives (by message or fetch)
     * @param held  the best valid record this node holds for a name (what fetch requests are answered with)
     */
    NamePubsub(Pubsub pubsub, FetchService fetch, PeerId self, Clock clock, Consumer<IpnsRecord> heard,
               Function<IpnsName, Optional<IpnsRecord>> held) {
        this.pubsub = pubsub;
        this.fetch = fetch;
        this.self = self;
        this.clock = clock;
        this.heard = heard;
        this.held = held;
        fetch.register(IpnsName.NAMESPACE, key -> {
            try {
                return this.held.apply(IpnsName.fromRoutingKey(key)).map(IpnsRecord::bytes);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    static String topic(IpnsName name) {
        return TOPIC_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(name.routingKey());
    }

    /** Joins the name's topic and publishes {@code r} there; returns how many peers it was sent to. */
    int publish(IpnsRecord r) {
        watch(r.name());
        return pubsub.publish(topic(r.name()), r.bytes());
    }

    /** Joins the topic of {@code name} unless already in it. */
    void watch(IpnsName name) {
        List<Subscription> leaving = new ArrayList<>();
        synchronized (watched) {
            if (watched.get(name) != null) {
                return;
            }
            String topic = topic(name);
            pubsub.setValidator(topic, (author, data) -> validate(name, data));
            Subscription s = pubsub.subscribe(topic);
            watched.put(name, s);
            Thread.ofVirtual().name("ipns-pubsub").start(() -> read(name, s));
            Iterator<Map.Entry<IpnsName, Subscription>> oldest = watched.entrySet().iterator();
            while (watched.size() > MAX_WATCHED) {
                Map.Entry<IpnsName, Subscription> e = oldest.next();
                leaving.add(e.getValue());
                pubsub.removeValidator(topic(e.getKey()));
                oldest.remove();
            }
        }
        leaving.forEach(Subscription::close);
    }

    private void validate(IpnsName name, byte[] data) throws InvalidMessageException {
        IpnsRecord r;
        try {
            r = IpnsRecord.verify(name, data, clock.instant());
        } catch (InvalidIpnsRecordException e) {
            throw new InvalidMessageException("not a valid record of " + name + ": " + e.getMessage());
        }
        Optional<IpnsRecord> current = held.apply(name);
        if (current.isPresent() && current.get().betterThan(r)) {
            throw new InvalidMessageException("an older record of " + name);
        }
    }

    private void read(IpnsName name, Subscription s) {
        try {
            while (!s.isClosed()) {
                Optional<PubsubMessage> m = s.next(Duration.ofSeconds(30));
                if (m.isEmpty()) {
                    continue;
                }
                try {
                    heard.accept(IpnsRecord.verify(name, m.get().data(), clock.instant()));
                } catch (InvalidIpnsRecordException e) {
                    log.debug("dropped a record of {}: {}", name, e.getMessage()); // our own, lapsed meanwhile
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /**
     * Asks the peers in the topic of {@code name} for its record, waiting up to {@code wait} for some to be known,
     * and returns the best valid answer (each is also passed to {@code heard}).
     */
    Optional<IpnsRecord> ask(IpnsName name, Duration wait) {
        watch(name);
        String topic = topic(name);
        long deadline = System.nanoTime() + wait.toNanos();
        List<PeerId> peers = pubsub.peers(topic);
        try {
            while (peers.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the topic's peers are known once their subscriptions arrive
                peers = pubsub.peers(topic);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        List<Future<Optional<byte[]>>> answers = new ArrayList<>();
        for (PeerId p : peers) {
            if (!p.equals(self) && answers.size() < 8) {
                answers.add(asks.submit(() -> fetch.fetch(p, name.routingKey())));
            }
        }
        IpnsRecord best = null;
        for (Future<Optional<byte[]>> f : answers) {
            try {
                Optional<byte[]> bytes = f.get(FetchService.TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
                if (bytes.isPresent()) {
                    IpnsRecord r = IpnsRecord.verify(name, bytes.get(), clock.instant());
                    heard.accept(r);
                    if (best == null || r.betterThan(best)) {
                        best = r;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (InvalidIpnsRecordException | java.util.concurrent.ExecutionException
                     | java.util.concurrent.TimeoutException e) {
                log.debug("a fetch of {} brought nothing: {}", name, e.toString());
                f.cancel(true);
            }
        }
        return Optional.ofNullable(best);
    }

    /** The names whose topics this node is in, most recently resolved last. */
    List<IpnsName> watchedNames() {
        synchronized (watched) {
            return new ArrayList<>(watched.keySet());
        }
    }

    /** Leaves the topic of {@code name}; false when the node was not in it. */
    boolean cancel(IpnsName name) {
        Subscription s;
        synchronized (watched) {
            s = watched.remove(name);
            if (s == null) {
                return false;
            }
            pubsub.removeValidator(topic(name));
        }
        s.close();
        return true;
    }

    @Override
    public void close() {
        List<Subscription> all;
        synchronized (watched) {
            all = new ArrayList<>(watched.values());
            watched.keySet().forEach(n -> pubsub.removeValidator(topic(n)));
            watched.clear();
        }
        all.forEach(Subscription::close);
        asks.shutdownNow();
        fetch.close();
    }
}
