package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The addresses peers see this host at (identify's observed address), kept per (local address, observed address) with
 * the distinct observers that reported it, as go-libp2p's observed-address manager does. An address is confirmed once
 * {@link #ACTIVATION_THRESHOLD} observer groups reported it within {@link #TTL} (an IPv4 observer is its own group,
 * IPv6 observers group by /56, so one network cannot confirm an address alone), and forgotten when its last
 * observation is older than that.
 *
 * <p>Only observations made on a connection whose local address is a listen address (inbound connections, and dials
 * that left from a listener's port) count: the port a peer sees on an ephemeral-port dial is one nobody can dial back.
 * Loopback addresses never count (the host knows them; a loopback observer sees nothing a NAT did), nor does an
 * observer outside the observed address's scope: a public address only from public observers, a private one only from
 * private observers (a LAN peer sees the public address through hairpinning at best, an Internet peer cannot see a
 * private one).
 *
 * <p>An address is kept in its thin-waist form ({@code /ip4|ip6/…/tcp/N}) and shown in the form of each listen address
 * on the local port it was observed on ({@code /ip4/X/tcp/P} also as {@code /ip4/X/tcp/P/ws} for a WebSocket
 * listener on the same port). Memory is bounded: {@link #MAX_ADDRESSES} addresses of {@link #MAX_OBSERVERS} observer
 * groups each; at most {@link #MAX_CONFIRMED_PER_LOCAL} confirmed ones per local address are announced, the most
 * observed first. Thread-safe.
 */
public final class ObservedAddresses {
    /** Observer groups that must report an address before it is confirmed (go-libp2p's activation threshold). */
    public static final int ACTIVATION_THRESHOLD = 4;
    /** How long an observation counts. */
    public static final Duration TTL = Duration.ofMinutes(30);
    /** (local, observed) pairs kept; the least observed goes first when a new one arrives. */
    public static final int MAX_ADDRESSES = 64;
    /** Observer groups kept per pair (the oldest report goes first). */
    public static final int MAX_OBSERVERS = 16;
    /** Confirmed addresses announced per local address (go-libp2p's bound: a NAT maps a port to a few at most). */
    public static final int MAX_CONFIRMED_PER_LOCAL = 3;

    /**
     * One observed address as shown to users.
     *
     * @param address   in the form of a listen address
     * @param observers the distinct observer groups that reported it within {@link #TTL}
     * @param confirmed whether it is announced
     * @param lastSeen  the latest report
     */
    public record Observation(Multiaddr address, int observers, boolean confirmed, Instant lastSeen) {}

    private record ThinWaist(Multiaddr address, List<Multiaddr.Component> rest) {}

    private record Key(Multiaddr local, Multiaddr observed) {}

    private static final class Entry {
        final LinkedHashMap<String, Instant> observers = new LinkedHashMap<>(); // by group, least recent first
        Instant lastSeen;
    }

    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(); // guarded by lock
    private volatile boolean countLoopback;
    private Set<Key> reported = Set.of(); // guarded by lock: the confirmed keys last said to have changed

    public ObservedAddresses(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Lets loopback observers and addresses count, for tests and networks confined to one machine (where they mean
     * nothing to the outside).
     */
    public void setCountLoopback(boolean count) {
        countLoopback = count;
    }

    /**
     * Records that the peer at {@code observer} sees the connection whose local address is {@code local} as coming
     * from {@code observed}.
     *
     * @param listen the host's listen addresses now
     * @return whether the confirmed addresses changed
     */
    public boolean observe(Multiaddr local, Multiaddr observer, Multiaddr observed, List<Multiaddr> listen) {
        ThinWaist l = thinWaist(local);
        ThinWaist o = thinWaist(observed.withoutPeerId());
        InetAddress from = ip(observer);
        if (l == null || o == null || from == null || !l.rest().equals(o.rest())
                || l.address().components().getFirst().protocol() != o.address().components().getFirst().protocol()
                || listenFormsOf(l.address(), listen).isEmpty()) {
            return false; // not TCP, another transport, or a dial from an ephemeral port
        }
        InetAddress seen = ip(o.address());
        boolean loop = countLoopback;
        if (seen == null || (seen.isLoopbackAddress() || from.isLoopbackAddress()) && !loop
                || seen.isAnyLocalAddress() || seen.isMulticastAddress()
                || !seen.isLoopbackAddress() && !from.isLoopbackAddress() && isPublic(seen) != isPublic(from)) {
            return false;
        }
        Instant now = clock.instant();
        lock.lock();
        try {
            Key key = new Key(l.address(), o.address());
            Entry e = entries.get(key);
            if (e == null) {
                if (entries.size() >= MAX_ADDRESSES) {
                    expire(now);
                }
                if (entries.size() >= MAX_ADDRESSES) {
                    evictLeastObserved();
                }
                e = new Entry();
                entries.put(key, e);
            }
            String group = group(from);
            e.observers.remove(group);
            e.observers.put(group, now);
            if (e.observers.size() > MAX_OBSERVERS) {
                Iterator<String> it = e.observers.keySet().iterator();
                it.next();
                it.remove();
            }
            e.lastSeen = now;
            return changed(now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets observations older than {@link #TTL}; returns whether the confirmed addresses changed since the last
     * call or observation that said so (ageing out changes them with no observation arriving).
     */
    public boolean expire() {
        Instant now = clock.instant();
        lock.lock();
        try {
            expire(now);
            return changed(now);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the confirmed keys differ from those last reported; remembers them. */
    private boolean changed(Instant now) {
        Set<Key> current = confirmedKeys(now);
        if (current.equals(reported)) {
            return false;
        }
        reported = current;
        return true;
    }

    /** The confirmed addresses, in the forms of {@code listen} (the most observed first). */
    public List<Multiaddr> confirmed(List<Multiaddr> listen) {
        Instant now = clock.instant();
        lock.lock();
        try {
            LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
            for (Key k : confirmedKeys(now)) {
                out.addAll(translate(k, listen));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every address observed within {@link #TTL}, in the forms of {@code listen}: the confirmed ones first, then by
     * observer count and by recency.
     */
    public List<Observation> observations(List<Multiaddr> listen) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Set<Key> confirmed = confirmedKeys(now);
            List<Observation> out = new ArrayList<>();
            Set<Multiaddr> seen = new LinkedHashSet<>();
            for (Key k : ranked(now)) {
                Entry e = entries.get(k);
                for (Multiaddr a : translate(k, listen)) {
                    if (seen.add(a)) {
                        out.add(new Observation(a, live(e, now), confirmed.contains(k), e.lastSeen));
                    }
                }
            }
            out.sort(Comparator.comparing((Observation x) -> !x.confirmed())
                    .thenComparing(Comparator.comparingInt(Observation::observers).reversed())
                    .thenComparing(Comparator.comparing(Observation::lastSeen).reversed()));
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /** The keys with live observations, the most observed (then most recent) first. */
    private List<Key> ranked(Instant now) {
        List<Key> keys = new ArrayList<>();
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if (live(e.getValue(), now) > 0) {
                keys.add(e.getKey());
            }
        }
        keys.sort(Comparator.comparingInt((Key k) -> live(entries.get(k), now)).reversed()
                .thenComparing(k -> entries.get(k).lastSeen, Comparator.reverseOrder()));
        return keys;
    }

    private Set<Key> confirmedKeys(Instant now) {
        Map<Multiaddr, Integer> perLocal = new HashMap<>();
        Set<Key> out = new LinkedHashSet<>();
        for (Key k : ranked(now)) {
            if (live(entries.get(k), now) >= ACTIVATION_THRESHOLD
                    && perLocal.merge(k.local(), 1, Integer::sum) <= MAX_CONFIRMED_PER_LOCAL) {
                out.add(k);
            }
        }
        return out;
    }

    private static int live(Entry e, Instant now) {
        Instant oldest = now.minus(TTL);
        int n = 0;
        for (Instant t : e.observers.values()) {
            if (t.isAfter(oldest)) {
                n++;
            }
        }
        return n;
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(TTL);
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            e.observers.values().removeIf(t -> !t.isAfter(oldest));
            if (e.observers.isEmpty()) {
                it.remove();
            }
        }
    }

    private void evictLeastObserved() {
        Key victim = null;
        Entry worst = null;
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            Entry v = e.getValue();
            if (worst == null || v.observers.size() < worst.observers.size()
                    || v.observers.size() == worst.observers.size() && v.lastSeen.isBefore(worst.lastSeen)) {
                victim = e.getKey();
                worst = v;
            }
        }
        entries.remove(victim);
    }

    /** {@code k}'s observed address in the form of each listen address on its local address's port. */
    private static List<Multiaddr> translate(Key k, List<Multiaddr> listen) {
        List<Multiaddr> out = new ArrayList<>();
        for (List<Multiaddr.Component> rest : listenFormsOf(k.local(), listen)) {
            List<Multiaddr.Component> parts = new ArrayList<>(k.observed().components());
            parts.addAll(rest);
            out.add(Multiaddr.of(parts));
        }
        return out;
    }

    /**
     * What follows the thin waist in each listen address that {@code local} (a thin waist) belongs to: same family and
     * port, and the same IP or the unspecified one.
     */
    private static List<List<Multiaddr.Component>> listenFormsOf(Multiaddr local, List<Multiaddr> listen) {
        List<List<Multiaddr.Component>> out = new ArrayList<>();
        Multiaddr.Component ip = local.components().get(0);
        Multiaddr.Component port = local.components().get(1);
        for (Multiaddr a : listen) {
            ThinWaist t = thinWaist(a);
            if (t == null) {
                continue;
            }
            Multiaddr.Component lip = t.address().components().get(0);
            if (lip.protocol() == ip.protocol() && t.address().components().get(1).equals(port)
                    && (lip.equals(ip) || isZero(lip.value())) && !out.contains(t.rest())) {
                out.add(t.rest());
            }
        }
        return out;
    }

    /** {@code /ip4|ip6/…/tcp/N} and what follows it (a trailing /p2p dropped); null for other addresses. */
    private static ThinWaist thinWaist(Multiaddr a) {
        List<Multiaddr.Component> cs = a.components();
        if (cs.size() < 2 || cs.get(1).protocol() != MultiaddrProtocol.TCP
                || cs.get(0).protocol() != MultiaddrProtocol.IP4 && cs.get(0).protocol() != MultiaddrProtocol.IP6) {
            return null;
        }
        List<Multiaddr.Component> rest = new ArrayList<>(cs.subList(2, cs.size()));
        if (!rest.isEmpty() && rest.getLast().protocol() == MultiaddrProtocol.P2P) {
            rest.removeLast();
        }
        if (rest.stream().anyMatch(c -> c.protocol() == MultiaddrProtocol.P2P_CIRCUIT
                || c.protocol() == MultiaddrProtocol.P2P)) {
            return null;
        }
        return new ThinWaist(Multiaddr.of(cs.subList(0, 2)), List.copyOf(rest));
    }

    private static InetAddress ip(Multiaddr a) {
        if (a == null || a.components().isEmpty()) {
            return null;
        }
        Multiaddr.Component first = a.components().getFirst();
        if (first.protocol() != MultiaddrProtocol.IP4 && first.protocol() != MultiaddrProtocol.IP6) {
            return null;
        }
        try {
            return InetAddress.getByAddress(first.value());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 observer is its own group; IPv6 observers group by /56 (one site's allocation). */
    private static String group(InetAddress observer) {
        byte[] b = observer.getAddress();
        return b.length == 4 ? observer.getHostAddress() : HexFormat.of().formatHex(b, 0, 7) + "::/56";
    }

    /** Routable on the Internet: not private (RFC 1918, RFC 6598, unique local), link-local or loopback. */
    private static boolean isPublic(InetAddress ip) {
        if (ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress() || ip.isAnyLocalAddress()) {
            return false;
        }
        byte[] b = ip.getAddress();
        if (b.length == 4) {
            return !((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
        }
        return (b[0] & 0xfe) != 0xfc;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
