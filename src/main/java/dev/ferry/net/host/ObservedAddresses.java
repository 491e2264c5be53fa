package dev.ferry.net.host;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
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
 * groups each; at most {@link #MAX_CONFIRMED_PER_LOCAL} per local address are announced, the most observed first.
 *
 * <p>AutoNAT v2's verdicts ({@link #setVerdicts}) shape what is announced, as go-libp2p's address manager does: an
 * address seen by {@link #CANDIDATE_THRESHOLD} groups is a {@link #candidates candidate} to check, announced at once
 * when found reachable; any observed address found unreachable is withdrawn until its verdict turns again. A verdict
 * is about the thin waist ({@code /ip4/X/tcp/P}): the NAT maps the port, whatever runs above it. Thread-safe.
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
    /** Addresses announced per local address (go-libp2p's bound: a NAT maps a port to a few at most). */
    public static final int MAX_CONFIRMED_PER_LOCAL = 3;
    /** Observer groups that make an address worth an AutoNAT v2 check (and announced early when it passes). */
    public static final int CANDIDATE_THRESHOLD = 2;
    /** Candidate addresses handed out to check at most, the most observed first (AutoNAT v2 keeps 50 results). */
    public static final int MAX_CANDIDATES = 20;
    /** Verdicts kept of each kind; more than the client can hold results for. */
    static final int MAX_VERDICTS = 128;

    /**
     * One observed address as shown to users.
     *
     * @param address   in the form of a listen address
     * @param observers the distinct observer groups that reported it within {@link #TTL}
     * @param confirmed whether {@link #ACTIVATION_THRESHOLD} groups confirmed it (within the bound per local
     *                  address); an unreachable one is confirmed yet not announced
     * @param lastSeen  the latest report
     * @param status    whether it is announced, and why
     */
    public record Observation(Multiaddr address, int observers, boolean confirmed, Instant lastSeen,
            ObservedAddressStatus status) {
        /** Whether the host announces it. */
        public boolean announced() {
            return status.announced();
        }

        /** Why it is announced or not ({@link ObservedAddressStatus#reason}); empty when it is merely observed. */
        public String reason() {
            return status.reason(observers);
        }
    }

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
    private Set<Key> reported = Set.of(); // guarded by lock: the announced keys last said to have changed
    private Set<Key> reportedCandidates = Set.of(); // guarded by lock: the candidate keys last said to have changed
    private Set<Multiaddr> reachable = Set.of(); // guarded by lock: thin waists AutoNAT v2 found reachable
    private Set<Multiaddr> unreachable = Set.of(); // guarded by lock: thin waists it found unreachable

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
     * @return whether the announced addresses changed
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
     * Forgets observations older than {@link #TTL}; returns whether the announced addresses changed since the last
     * call, observation or verdict that said so (ageing out changes them with no observation arriving).
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

    /**
     * Replaces AutoNAT v2's verdicts: the addresses found reachable and those found unreachable (any form: only the
     * thin waist counts; one found both ways counts as reachable, since a dial-back proved it). Addresses in neither
     * are unknown.
     *
     * @return whether the announced addresses changed
     */
    public boolean setVerdicts(Collection<Multiaddr> reachableAddresses, Collection<Multiaddr> unreachableAddresses) {
        Set<Multiaddr> r = thinWaists(reachableAddresses);
        Set<Multiaddr> u = thinWaists(unreachableAddresses);
        u.removeAll(r);
        Instant now = clock.instant();
        lock.lock();
        try {
            reachable = Set.copyOf(r);
            unreachable = Set.copyOf(u);
            return changed(now);
        } finally {
            lock.unlock();
        }
    }

    private static Set<Multiaddr> thinWaists(Collection<Multiaddr> addresses) {
        Set<Multiaddr> out = new LinkedHashSet<>();
        for (Multiaddr a : addresses) {
            ThinWaist t = thinWaist(a);
            if (t != null && out.size() < MAX_VERDICTS) {
                out.add(t.address());
            }
        }
        return out;
    }

    /** Whether the announced keys differ from those last reported; remembers them. */
    private boolean changed(Instant now) {
        Set<Key> current = announcedKeys(now);
        if (current.equals(reported)) {
            return false;
        }
        reported = current;
        return true;
    }

    /** Whether the candidate keys differ from those last reported by this method; remembers them. */
    boolean candidatesChanged() {
        Instant now = clock.instant();
        lock.lock();
        try {
            Set<Key> current = candidateKeys(now);
            if (current.equals(reportedCandidates)) {
                return false;
            }
            reportedCandidates = current;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The announced addresses, in the forms of {@code listen} (the most observed first). */
    public List<Multiaddr> confirmed(List<Multiaddr> listen) {
        Instant now = clock.instant();
        lock.lock();
        try {
            LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
            for (Key k : announcedKeys(now)) {
                out.addAll(translate(k, listen));
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The addresses worth an AutoNAT v2 check, in the forms of {@code listen}: those seen by at least
     * {@link #CANDIDATE_THRESHOLD} groups (announced or not, so that a withdrawn one can come back), but not those
     * kept out by the bound per local address; at most {@link #MAX_CANDIDATES}, the most observed first.
     */
    public List<Multiaddr> candidates(List<Multiaddr> listen) {
        Instant now = clock.instant();
        lock.lock();
        try {
            LinkedHashSet<Multiaddr> out = new LinkedHashSet<>();
            for (Key k : candidateKeys(now)) {
                for (Multiaddr a : translate(k, listen)) {
                    if (out.size() < MAX_CANDIDATES) {
                        out.add(a);
                    }
                }
            }
            return List.copyOf(out);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Every address observed within {@link #TTL}, in the forms of {@code listen}: the announced ones first, then the
     * confirmed ones, then by observer count and by recency.
     */
    public List<Observation> observations(List<Multiaddr> listen) {
        Instant now = clock.instant();
        lock.lock();
        try {
            Map<Key, ObservedAddressStatus> statuses = statuses(now);
            List<Observation> out = new ArrayList<>();
            Set<Multiaddr> seen = new LinkedHashSet<>();
            for (Map.Entry<Key, ObservedAddressStatus> s : statuses.entrySet()) {
                Entry e = entries.get(s.getKey());
                int n = live(e, now);
                boolean confirmed = n >= ACTIVATION_THRESHOLD && s.getValue() != ObservedAddressStatus.OVER_LIMIT;
                for (Multiaddr a : translate(s.getKey(), listen)) {
                    if (seen.add(a)) {
                        out.add(new Observation(a, n, confirmed, e.lastSeen, s.getValue()));
                    }
                }
            }
            out.sort(Comparator.comparing((Observation x) -> !x.announced())
                    .thenComparing(x -> !x.confirmed())
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

    /**
     * Each live key's standing, the most observed first: unreachable (a verdict withdraws it), confirmed (enough
     * groups), reachable (a candidate a verdict announces early), candidate, or merely observed; an announced one
     * beyond {@link #MAX_CONFIRMED_PER_LOCAL} of its local address is over the limit instead (a withdrawn one leaves
     * its place to the next).
     */
    private Map<Key, ObservedAddressStatus> statuses(Instant now) {
        Map<Multiaddr, Integer> perLocal = new HashMap<>();
        Map<Key, ObservedAddressStatus> out = new LinkedHashMap<>();
        for (Key k : ranked(now)) {
            int n = live(entries.get(k), now);
            ObservedAddressStatus s;
            if (n < CANDIDATE_THRESHOLD) {
                s = ObservedAddressStatus.OBSERVED;
            } else if (unreachable.contains(k.observed())) {
                s = ObservedAddressStatus.UNREACHABLE;
            } else if (n >= ACTIVATION_THRESHOLD) {
                s = ObservedAddressStatus.CONFIRMED;
            } else if (reachable.contains(k.observed())) {
                s = ObservedAddressStatus.REACHABLE;
            } else {
                s = ObservedAddressStatus.CANDIDATE;
            }
            if (s.announced() && perLocal.merge(k.local(), 1, Integer::sum) > MAX_CONFIRMED_PER_LOCAL) {
                s = ObservedAddressStatus.OVER_LIMIT;
            }
            out.put(k, s);
        }
        return out;
    }

    private Set<Key> announcedKeys(Instant now) {
        Set<Key> out = new LinkedHashSet<>();
        statuses(now).forEach((k, s) -> {
            if (s.announced()) {
                out.add(k);
            }
        });
        return out;
    }

    private Set<Key> candidateKeys(Instant now) {
        Set<Key> out = new LinkedHashSet<>();
        statuses(now).forEach((k, s) -> {
            if (s != ObservedAddressStatus.OBSERVED && s != ObservedAddressStatus.OVER_LIMIT) {
                out.add(k);
            }
        });
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
