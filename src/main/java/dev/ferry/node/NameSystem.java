package dev.ferry.node;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.multiformats.Cid;
import dev.ferry.node.repo.KeyStore;
import dev.ferry.node.repo.PublishedRecords;
import dev.ferry.node.repo.Repo;
import dev.ferry.node.repo.RepoConfig;
import dev.ferry.node.repo.RepoException;
import dev.ferry.routing.delegated.PublisherAnswer;
import dev.ferry.routing.dht.Dht;
import dev.ferry.routing.dht.InvalidRecordException;
import dev.ferry.routing.dnslink.DnsLink;
import dev.ferry.routing.dnslink.TxtLookup;
import dev.ferry.routing.ipns.InvalidIpnsRecordException;
import dev.ferry.routing.ipns.IpnsName;
import dev.ferry.routing.ipns.IpnsRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IPNS for the node: publishing records of its keys ({@code self}, the node's own, and those of the keystore) into
 * the repo, the DHT and the delegated publishers ({@code Ipns.DelegatedPublishers}, over HTTP), resolving names to
 * content paths (its own names from the repo, others from a cache of verified records and then the DHT, domain names
 * by DNSLink, {@code /ipns/} values followed up to {@link #MAX_DEPTH} names deep), and
 * republishing its records every {@code Ipns.RepublishPeriod} so they never lapse on the DHT.
 */
public final class NameSystem implements AutoCloseable {
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(48);
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPUBLISH = Duration.ofHours(4);
    public static final int DEFAULT_CACHE = 128;
    public static final int MAX_DEPTH = 32;
    /** A DHT lookup of a name stops after this many valid records (go-libp2p-kad-dht's quorum). */
    public static final int QUORUM = 16;
    public static final Duration DHT_TIMEOUT = Duration.ofSeconds(60);
    /** How long a first resolve over pubsub waits for the name's topic to have peers to ask. */
    static final Duration PUBSUB_WAIT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(NameSystem.class);

    /**
     * A record published, how many DHT peers took it, and what each delegated publisher did with it (in
     * configuration order; empty when none is configured).
     */
    public record Published(IpnsRecord record, int peers, List<PublisherAnswer> publishers) {
        public Published {
            publishers = List.copyOf(publishers);
        }

        public Published(IpnsRecord record, int peers) {
            this(record, peers, List.of());
        }

        /** The delegated publishers that took the record. */
        public List<URI> acceptedBy() {
            return publishers.stream().filter(PublisherAnswer::isAccepted).map(PublisherAnswer::publisher).toList();
        }
    }

    private record Cached(IpnsRecord record, Instant until) {}

    /**
     * What the name system did since start: records published (and republished), names resolved (each name of a
     * chain counts), answered from the node's own records, from the cache, by a lookup (DHT and pubsub), names not
     * found, DNSLink lookups, and records heard on pubsub.
     */
    public record Stats(long published, long resolved, long own, long cached, long lookedUp, long notFound,
                        long dnsLink, long heard) {}

    private final java.util.concurrent.atomic.LongAdder[] counts = new java.util.concurrent.atomic.LongAdder[8];
    private static final int PUBLISHED = 0;
    private static final int RESOLVED = 1;
    private static final int OWN = 2;
    private static final int CACHED = 3;
    private static final int LOOKED_UP = 4;
    private static final int NOT_FOUND = 5;
    private static final int DNSLINK = 6;
    private static final int HEARD = 7;

    {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new java.util.concurrent.atomic.LongAdder();
        }
    }

    public Stats stats() {
        return new Stats(counts[PUBLISHED].sum(), counts[RESOLVED].sum(), counts[OWN].sum(), counts[CACHED].sum(),
                counts[LOOKED_UP].sum(), counts[NOT_FOUND].sum(), counts[DNSLINK].sum(), counts[HEARD].sum());
    }

    private final KeyStore keys;
    private final PublishedRecords published;
    private final Dht dht; // null when the node has none
    private final Clock clock;
    private final Duration lifetime;
    private final Map<IpnsName, Cached> cache;
    private final Thread republisher;
    private volatile NamePubsub pubsub; // null unless names travel over pubsub too
    private volatile dev.ferry.routing.delegated.DelegatedRouters routers; // null unless HTTP routers are asked
    private final DnsLink dnslink;

    /**
     * @param keys           the keys this node publishes with ({@code self} included)
     * @param lifetime       the validity of republished records ({@code Ipns.RecordLifetime})
     * @param republishEvery how often own records are signed again and put on the DHT; the first time one minute
     *                       after start (null: never, for tools that open the repo only for a moment)
     */
    NameSystem(KeyStore keys, PublishedRecords published, Dht dht, Clock clock,
               Duration lifetime, Duration republishEvery, int cacheSize, TxtLookup dns) {
        this.dnslink = new DnsLink(dns, clock);
        this.keys = keys;
        this.published = published;
        this.dht = dht;
        this.clock = clock;
        this.lifetime = lifetime;
        int size = Math.max(0, cacheSize);
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<IpnsName, Cached> eldest) {
                return size() > size;
            }
        };
        this.republisher = republishEvery == null ? null : Thread.ofVirtual().name("ipns-republish")
                .start(() -> republishLoop(republishEvery));
    }

    /**
     * The name system of a node over {@code repo}: {@code Ipns.RecordLifetime} (default 48h),
     * {@code Ipns.RepublishPeriod} (default 4h; 0 turns republishing off) and {@code Ipns.ResolveCacheSize}
     * (default 128), Kubo's settings.
     *
     * @param dht the node's DHT, null when it has none
     */
    static NameSystem start(RepoConfig cfg, Repo repo, Dht dht, dev.ferry.pubsub.Pubsub pubsub,
                            dev.ferry.net.fetch.FetchService fetch) {
        Duration lifetime = duration(cfg, "Ipns.RecordLifetime", "48h");
        Duration every = duration(cfg, "Ipns.RepublishPeriod", "4h");
        if (!lifetime.isPositive() || every.isNegative()) {
            throw new RepoException("config Ipns.RecordLifetime must be positive and Ipns.RepublishPeriod not "
                    + "negative");
        }
        long cacheSize = cfg.number("Ipns.ResolveCacheSize", DEFAULT_CACHE);
        if (cacheSize < 0 || cacheSize > 1_000_000) {
            throw new RepoException("config Ipns.ResolveCacheSize must be 0 to 1000000: " + cacheSize);
        }
        NameSystem n = new NameSystem(new KeyStore(repo.path(), repo.identity()), new PublishedRecords(repo.path()),
                dht, Clock.systemUTC(), lifetime, every.isZero() ? null : every, (int) cacheSize,
                DnsResolvers.of(cfg));
        if (pubsub != null && fetch != null) {
            n.usePubsub(pubsub, fetch, repo.identity().peerId());
        }
        return n;
    }

    /**
     * Also publishes records on each name's pubsub topic, and hears and asks for them there ({@link NamePubsub}).
     */
    void usePubsub(dev.ferry.pubsub.Pubsub ps, dev.ferry.net.fetch.FetchService fetch, PeerId self) {
        this.pubsub = new NamePubsub(ps, fetch, self, clock, this::heard, this::held);
        for (IpnsName name : published.names()) {
            pubsub.watch(name); // peers that join a name's topic can fetch its record here
        }
    }

    /** Also asks the HTTP routers ({@code Routing.DelegatedRouters}) for records the DHT has none of. */
    void useRouters(dev.ferry.routing.delegated.DelegatedRouters r) {
        this.routers = r;
    }

    /** The best record the HTTP routers hold that verifies against {@code name} now; others are ignored. */
    private IpnsRecord fromRouters(IpnsName name) {
        var r = routers;
        IpnsRecord best = null;
        if (r == null) {
            return null;
        }
        for (byte[] bytes : r.ipns(name)) {
            try {
                IpnsRecord rec = IpnsRecord.verify(name, bytes, clock.instant());
                if (best == null || rec.betterThan(best)) {
                    best = rec;
                }
            } catch (InvalidIpnsRecordException e) {
                // a router's word is no proof: only a record signed by the name counts
            }
        }
        return best;
    }

    /** A record heard on pubsub (or fetched from a topic peer): it replaces what the cache holds when better. */
    private void heard(IpnsRecord r) {
        counts[HEARD].increment();
        synchronized (cache) {
            Cached c = cache.get(r.name());
            if (c == null || r.betterThan(c.record) || !c.until.isAfter(clock.instant())) {
                cache.put(r.name(), cached(r));
            }
        }
    }

    private Cached cached(IpnsRecord r) {
        Instant until = clock.instant().plus(r.ttl());
        return new Cached(r, until.isBefore(r.validity()) ? until : r.validity());
    }

    /**
     * This node's own published record of {@code name} while it is valid (one that lapsed while the node was off
     * counts as none: the network or the cache may hold a newer one).
     */
    private Optional<IpnsRecord> ownValid(IpnsName name, Instant now) {
        Optional<byte[]> own = published.get(name);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpnsRecord.verify(name, own.get(), now));
        } catch (InvalidIpnsRecordException e) {
            return Optional.empty();
        }
    }

    /** The best still valid record this node holds for {@code name} without asking anyone: its own, or a cached one. */
    Optional<IpnsRecord> held(IpnsName name) {
        Instant now = clock.instant();
        Optional<IpnsRecord> own = ownValid(name, now);
        if (own.isPresent()) {
            return own;
        }
        synchronized (cache) {
            Cached c = cache.get(name);
            if (c != null && c.record.validity().isAfter(now)) {
                return Optional.of(c.record);
            }
        }
        return Optional.empty();
    }

    /**
     * The name system of a repo opened without a daemon (no DHT, no republishing): publishes into the repo only,
     * resolves this node's own names.
     */
    public static NameSystem offline(Repo repo) {
        return new NameSystem(new KeyStore(repo.path(), repo.identity()), new PublishedRecords(repo.path()), null,
                Clock.systemUTC(), DEFAULT_LIFETIME, null, 0, DnsResolvers.of(repo.config()));
    }

    private static Duration duration(RepoConfig cfg, String key, String dflt) {
        String text = cfg.string(key, dflt);
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RepoException("config " + key + ": " + e.getMessage());
        }
    }

    /** Whether names also travel over pubsub ({@code Ipns.UsePubsub} with pubsub on). */
    public boolean usesPubsub() {
        return pubsub != null;
    }

    /** The names whose pubsub topics this node is in (empty without pubsub). */
    public List<IpnsName> pubsubNames() {
        NamePubsub ps = pubsub;
        return ps == null ? List.of() : ps.watchedNames();
    }

    /** Leaves the pubsub topic of {@code name} (Kubo's {@code name pubsub cancel}); false when not in it. */
    public boolean cancelPubsub(IpnsName name) {
        NamePubsub ps = pubsub;
        return ps != null && ps.cancel(name);
    }

    /** The keys this node publishes with. */
    public KeyStore keys() {
        return keys;
    }

    /**
     * Publishes {@code path} under the name of key {@code keyName}: a record with the next sequence, valid for
     * {@code validFor}, kept in the repo and put on the DHT and the delegated publishers.
     *
     * @param allowOffline publish even with no DHT peer to take the record (it stays in the repo, and the
     *                     republisher puts it on the DHT later)
     * @throws NameException if the key is unknown, the path is not a content path, or the node is offline and
     *                       {@code allowOffline} is false
     */
    public Published publish(String keyName, String path, Duration validFor, Duration ttl, boolean allowOffline)
            throws NameException {
        return publish(keyName, path, validFor, ttl, allowOffline, false);
    }

    /**
     * Publishes {@code path} under the name of key {@code keyName}: a record with the next sequence, valid for
     * {@code validFor}, kept in the repo and put on the DHT and on the delegated publishers
     * ({@code Ipns.DelegatedPublishers}) side by side. It is published when at least one of them took it; those
     * that did not are logged and listed in the answer.
     *
     * @param allowOffline   publish even with nothing to take the record (it stays in the repo, and the
     *                       republisher puts it out later)
     * @param allowDelegated publish even without DHT peers, through the delegated publishers (Kubo's
     *                       {@code --allow-delegated}); not with {@code allowOffline}
     * @throws NameException if the key is unknown, the path is not a content path, the flags do not fit the node
     *                       (offline, or no publisher configured), or nothing took the record
     */
    public Published publish(String keyName, String path, Duration validFor, Duration ttl, boolean allowOffline,
                             boolean allowDelegated) throws NameException {
        PrivateKey key;
        try {
            key = keys.get(keyName).orElseThrow(() -> new NameException("no key named '" + keyName
                    + "' (see ferry key list)", false));
        } catch (IllegalArgumentException e) {
            throw new NameException(e.getMessage(), false);
        }
        String value = contentPath(path);
        if (!validFor.isPositive() || ttl.isNegative()) {
            throw new NameException("the lifetime must be positive and the TTL not negative", false);
        }
        checkReach(allowOffline, allowDelegated, dht == null
                ? "cannot publish with the DHT off (Routing.Type none or delegated): pass --allow-offline to keep "
                + "the record in this repo only"
                : "no DHT peer to publish to: pass --allow-offline to keep the record in this repo until one comes");
        IpnsRecord r;
        synchronized (published) {
            IpnsName name = new IpnsName(PeerId.fromPublicKey(key.publicKey()));
            long sequence = last(name).map(old -> old.sequence() + 1).orElse(0L);
            r = IpnsRecord.create(key, value.getBytes(StandardCharsets.UTF_8), sequence,
                    clock.instant().plus(validFor), ttl.toNanos(), true);
            try {
                published.put(r);
            } catch (IOException e) {
                throw new NameException("storing the record failed: " + e.getMessage(), false);
            }
            synchronized (cache) {
                cache.remove(name);
            }
        }
        counts[PUBLISHED].increment();
        Published p = spread(r, allowOffline);
        NamePubsub ps = pubsub;
        if (ps != null) {
            log.debug("published {} on pubsub to {} peers", r.name(), ps.publish(r));
        }
        return p;
    }

    /** The delegated publishers records go to (none in a private network, or unless configured). */
    private List<URI> publishers() {
        var r = routers;
        return r == null ? List.of() : r.publishers();
    }

    /**
     * Refuses a publish that the flags do not allow: both flags; {@code --allow-delegated} with no publisher; and
     * neither flag when nothing can take the record now (no DHT peer; a node without a DHT whose publishers are its
     * only network may publish to them without the flag).
     */
    private void checkReach(boolean allowOffline, boolean allowDelegated, String offline) throws NameException {
        if (allowOffline && allowDelegated) {
            throw new NameException("cannot use both --allow-offline and --allow-delegated flags", false);
        }
        boolean publishers = !publishers().isEmpty();
        if (allowDelegated && !publishers) {
            throw new NameException("no delegated publishers configured: add Ipns.DelegatedPublishers or use "
                    + "--allow-offline for local-only publishing", false);
        }
        boolean dhtPeers = dht != null && dht.table().size() > 0;
        if (dhtPeers || allowOffline || allowDelegated || (dht == null && publishers)) {
            return;
        }
        throw new NameException(offline + (publishers ? ", or --allow-delegated to publish through "
                + "Ipns.DelegatedPublishers only" : ""), false);
    }

    /**
     * Puts {@code r} on the DHT (its own store too, so the node answers for it when peers come) and on the delegated
     * publishers, side by side.
     *
     * @throws NameException when publishers were asked and neither they nor a DHT peer took it (unless
     *                       {@code allowOffline}: the record is in the repo, which is all that was asked)
     */
    private Published spread(IpnsRecord r, boolean allowOffline) throws NameException {
        var rs = routers;
        CompletableFuture<List<PublisherAnswer>> http = rs == null || rs.publishers().isEmpty()
                ? CompletableFuture.completedFuture(List.of())
                : CompletableFuture.supplyAsync(() -> rs.putIpns(r.name(), r.bytes()),
                        task -> Thread.ofVirtual().name("ipns-put-http").start(task));
        int peers = dht != null ? put(r) : 0;
        List<PublisherAnswer> answers;
        try {
            answers = http.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NameException("interrupted while putting the record to the delegated publishers", false);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("putting to the delegated publishers failed", e.getCause());
        }
        Published p = new Published(r, peers, answers);
        if (!allowOffline && !answers.isEmpty() && peers == 0 && p.acceptedBy().isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (PublisherAnswer a : answers) {
                why.append(why.isEmpty() ? "" : "; ").append(a.failure());
            }
            throw new NameException("no DHT peer and no delegated publisher took the record of " + r.name() + " ("
                    + why + "); it is kept in this repo and put out again at the next republish", true);
        }
        return p;
    }

    /**
     * Stores a record signed elsewhere (Kubo's {@code name put}) as this node keeps its own published ones: in the
     * repo (so it resolves, and is served, without a daemon too), in the DHT's store and on the DHT, and on the
     * name's pubsub topic. The record must be a valid record of {@code name}; unless {@code force}, its sequence must
     * also be higher than that of the best record known (the same bytes again are allowed, to refresh them).
     *
     * @param force        skip the sequence check; the record itself must still verify, as the DHT validates what
     *                     it is given anyway
     * @param allowOffline store it even with no DHT peer to take it
     * @throws NameException if the record is not a valid record of {@code name}, is older than the one known, or
     *                       the node is offline and {@code allowOffline} is false
     */
    public IpnsRecord putRecord(IpnsName name, byte[] bytes, boolean force, boolean allowOffline)
            throws NameException {
        return putRecord(name, bytes, force, allowOffline, false).record();
    }

    /**
     * {@link #putRecord(IpnsName, byte[], boolean, boolean)}, the record put on the delegated publishers too, as a
     * published one is.
     *
     * @param allowDelegated put it even without DHT peers, through the delegated publishers (Kubo's
     *                       {@code --allow-delegated}); not with {@code allowOffline}
     * @throws NameException also when the flags do not fit the node, or nothing took the record
     */
    public Published putRecord(IpnsName name, byte[] bytes, boolean force, boolean allowOffline,
                               boolean allowDelegated) throws NameException {
        if (bytes.length == 0) {
            throw new NameException("record is empty", false);
        }
        if (bytes.length > IpnsRecord.MAX_SIZE) {
            throw new NameException("record exceeds maximum size of " + IpnsRecord.MAX_SIZE + " bytes", false);
        }
        try {
            dev.ferry.routing.ipns.wire.IpnsEntryCodec.decode(bytes);
        } catch (dev.ferry.routing.ipns.wire.IpnsWireException e) {
            throw new NameException("invalid IPNS record: " + e.getMessage(), false);
        }
        IpnsRecord r;
        try {
            r = IpnsRecord.verify(name, bytes, clock.instant());
        } catch (InvalidIpnsRecordException e) {
            throw new NameException("record validation failed: " + e.getMessage(), false);
        }
        if (!force) {
            Optional<IpnsRecord> known = record(name, true);
            if (known.isPresent() && !java.util.Arrays.equals(known.get().bytes(), bytes)
                    && Long.compareUnsigned(known.get().sequence(), r.sequence()) >= 0) {
                throw new NameException("existing IPNS record has sequence "
                        + Long.toUnsignedString(known.get().sequence()) + " >= new record sequence "
                        + Long.toUnsignedString(r.sequence()) + ", pass --force to skip this check", false);
            }
        }
        checkReach(allowOffline, allowDelegated, "can't put while offline: pass --allow-offline to store the record "
                + "in this repo only");
        synchronized (published) {
            try {
                published.put(r);
            } catch (IOException e) {
                throw new NameException("storing the record failed: " + e.getMessage(), false);
            }
            synchronized (cache) {
                cache.remove(name);
            }
        }
        Published p = spread(r, allowOffline);
        log.debug("put {} to {} DHT peers", name, p.peers());
        NamePubsub ps = pubsub;
        if (ps != null) {
            ps.publish(r);
        }
        return p;
    }

    /** The last record published here for {@code name}, signature checked (expired or not). */
    private Optional<IpnsRecord> last(IpnsName name) {
        Optional<byte[]> bytes = published.get(name);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpnsRecord.verifySignature(name, bytes.get()));
        } catch (InvalidIpnsRecordException e) {
            log.warn("the published record of {} in the repo is unreadable ({}): starting its sequence over", name,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private int put(IpnsRecord r) {
        try {
            return dht.putValue(r.name().routingKey(), r.bytes(), DHT_TIMEOUT);
        } catch (InvalidRecordException e) {
            throw new IllegalStateException("a record made here does not validate: " + e.getMessage(), e);
        }
    }

    /**
     * Resolves {@code nameOrPath} ({@code /ipns/NAME[/sub/path]}, {@code NAME}, or an {@code /ipfs/} path, returned
     * as it is) to a content path.
     *
     * @param recursive follow names that point to names, until an {@code /ipfs/} path
     * @param useCache  take records found earlier while their TTL lasts
     * @throws NameException if a name is malformed, not found, or the chain is too deep
     */
    public String resolve(String nameOrPath, boolean recursive, boolean useCache) throws NameException {
        String p = nameOrPath.startsWith("/") ? nameOrPath : "/ipns/" + nameOrPath;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (p.startsWith("/ipfs/")) {
                return p;
            }
            if (!p.startsWith("/ipns/")) {
                throw new NameException("not a content path: " + p, false);
            }
            String rest = p.substring("/ipns/".length());
            int slash = rest.indexOf('/');
            String text = slash < 0 ? rest : rest.substring(0, slash);
            String tail = slash < 0 ? "" : rest.substring(slash);
            Optional<IpnsName> key = key(text);
            counts[RESOLVED].increment();
            if (key.isEmpty()) {
                counts[DNSLINK].increment();
                p = join(dnsLink(text), tail);
            } else {
                IpnsName name = key.get();
                Optional<IpnsRecord> found = record(name, useCache);
                if (found.isEmpty()) {
                    counts[NOT_FOUND].increment();
                }
                IpnsRecord r = found.orElseThrow(() -> new NameException(
                        "could not resolve name: no valid record of " + name + " found", true));
                p = join(r.path(), tail);
            }
            if (!recursive) {
                return p;
            }
        }
        throw new NameException("more than " + MAX_DEPTH + " names point to each other from " + nameOrPath, false);
    }

    /**
     * The best valid record of {@code name} this node knows or finds: its own published one, a cached one, or the
     * DHT's best (the HTTP routers' best verified one when the DHT has none), or a newer one heard on pubsub.
     */
    public Optional<IpnsRecord> record(IpnsName name, boolean useCache) {
        Instant now = clock.instant();
        Optional<IpnsRecord> own = ownValid(name, now);
        if (own.isPresent()) {
            counts[OWN].increment();
            return own;
        }
        if (useCache) {
            synchronized (cache) {
                Cached c = cache.get(name);
                if (c != null && c.until.isAfter(now)) {
                    counts[CACHED].increment();
                    return Optional.of(c.record);
                }
            }
        }
        NamePubsub ps = pubsub;
        IpnsRecord best = null;
        if (dht != null) {
            try {
                Optional<byte[]> found = dht.getValue(name.routingKey(), QUORUM, DHT_TIMEOUT);
                if (found.isPresent()) {
                    best = IpnsRecord.verify(name, found.get(), clock.instant());
                }
            } catch (InvalidRecordException e) {
                throw new IllegalStateException("the DHT has no IPNS validator", e);
            } catch (InvalidIpnsRecordException e) {
                // lapsed during the lookup
            }
        }
        if (best == null) {
            best = fromRouters(name);
        }
        if (ps != null) {
            // the name's topic: joined from now on; its peers asked (waiting a moment for them only when the DHT
            // had nothing)
            Optional<IpnsRecord> asked = ps.ask(name, best == null ? PUBSUB_WAIT : Duration.ZERO);
            if (asked.isPresent() && (best == null || asked.get().betterThan(best))) {
                best = asked.get();
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        synchronized (cache) {
            Cached c = cache.get(name);
            if (c != null && c.record.betterThan(best) && c.record.validity().isAfter(clock.instant())) {
                best = c.record; // heard on pubsub while the lookup ran
            }
            cache.put(name, cached(best));
        }
        counts[LOOKED_UP].increment();
        return Optional.of(best);
    }

    /** A key-based name, or empty for a domain name (DNSLink). */
    private static Optional<IpnsName> key(String text) throws NameException {
        try {
            return Optional.of(IpnsName.parse(text));
        } catch (IllegalArgumentException e) {
            if (DnsLink.isDomain(text)) {
                return Optional.empty();
            }
            throw new NameException("invalid IPNS name: " + text, false);
        }
    }

    /** The path a domain's DNSLink record points to. */
    private String dnsLink(String domain) throws NameException {
        try {
            return dnslink.resolve(domain).orElseThrow(() -> new NameException("could not resolve name: no "
                    + "DNSLink record (dnslink=/ipfs/... or /ipns/...) at _dnslink." + domain, true));
        } catch (java.io.IOException e) {
            throw new NameException("could not resolve name: " + e.getMessage(), true);
        }
    }

    /** {@code path} as a record value: {@code /ipfs/CID[/...]} or {@code /ipns/NAME[/...]}; a bare CID is /ipfs/. */
    static String contentPath(String path) throws NameException {
        String p = path.startsWith("/") ? path : "/ipfs/" + path;
        String[] parts = p.split("/", 4);
        if (parts.length < 3 || parts[2].isEmpty()) {
            throw new NameException("not a content path: " + path, false);
        }
        try {
            switch (parts[1]) {
                case "ipfs" -> Cid.parse(parts[2]);
                case "ipns" -> IpnsName.parse(parts[2]);
                default -> throw new NameException("not a content path (/ipfs/ or /ipns/): " + path, false);
            }
        } catch (IllegalArgumentException e) {
            throw new NameException("not a content path: " + path + ": " + e.getMessage(), false);
        }
        return p;
    }

    private static String join(String path, String tail) {
        if (tail.isEmpty()) {
            return path;
        }
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + tail;
    }

    /** Signs each published record of a key this node holds again (next sequence, fresh lifetime) and puts it. */
    void republish() {
        for (IpnsName name : published.names()) {
            Optional<IpnsRecord> last = last(name);
            Optional<PrivateKey> key = keys.byPeerId(name.peerId());
            if (last.isEmpty() || key.isEmpty()) {
                continue;
            }
            IpnsRecord r;
            synchronized (published) {
                IpnsRecord now = last(name).orElse(last.get());
                r = IpnsRecord.create(key.get(), now.value(), now.sequence() + 1, clock.instant().plus(lifetime),
                        now.ttlNanos(), true);
                try {
                    published.put(r);
                } catch (IOException e) {
                    log.warn("republishing {}: storing failed: {}", name, e.toString());
                    continue;
                }
            }
            counts[PUBLISHED].increment();
            if (dht != null && dht.table().size() > 0) {
                log.debug("republished {} to {} DHT peers", name, put(r));
            }
            var rs = routers;
            if (rs != null && !rs.publishers().isEmpty()) {
                // failures are logged by the publishers; the next round tries again
                log.debug("republished {} to {} delegated publishers", name,
                        rs.putIpns(name, r.bytes()).stream().filter(PublisherAnswer::isAccepted).count());
            }
            NamePubsub ps = pubsub;
            if (ps != null) {
                ps.publish(r);
            }
        }
    }

    private void republishLoop(Duration every) {
        try {
            Thread.sleep(Duration.ofMinutes(1)); // after start, when the DHT has peers
            while (true) {
                try {
                    republish();
                } catch (RuntimeException e) {
                    log.warn("republishing IPNS records failed: {}", e.toString());
                }
                Thread.sleep(every);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    @Override
    public void close() {
        if (republisher != null) {
            republisher.interrupt();
        }
        NamePubsub ps = pubsub;
        if (ps != null) {
            ps.close();
        }
    }
}
