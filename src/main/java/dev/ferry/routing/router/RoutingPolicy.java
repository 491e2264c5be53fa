package dev.ferry.routing.router;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Content classes and how they steer a route.
 *
 * <h2>Classes (each needs the fact it is derived from; an unknown fact gives no class)</h2>
 * <ul>
 *   <li>{@code private}: marked private on this node.</li>
 *   <li>{@code public}: known to be on the IPFS network (delivered by Bitswap or a gateway before, or marked so).</li>
 *   <li>{@code small}: size below {@code smallBelow} (default 1 MiB, {@code Exchange.SmallBelow}).</li>
 *   <li>{@code large}: size at least {@code largeFrom} (default 64 MiB, {@code Exchange.LargeFrom}).</li>
 *   <li>{@code recent}: added within {@code recentWithin} (default 24h, {@code Exchange.RecentWithin}).</li>
 *   <li>{@code archived}: added more than {@code archivedAfter} ago (default 30 days, {@code Exchange.ArchivedAfter}).</li>
 * </ul>
 *
 * <h2>Preference</h2>
 * {@code Exchange.PreferP2P} (default private, recent, small) and {@code Exchange.PreferIPFS} (default public, large,
 * archived) list classes. Privacy wins outright: a private CID whose class is in PreferP2P prefers P2P (asking the
 * public network would reveal interest in it). Otherwise each class of the CID votes for the list it is in; the
 * majority decides and a tie (or no vote) leaves pure score order.
 *
 * <h2>Reordering</h2>
 * The local store stays first. With a preference, the preferred group (P2P: ferry peers and proxies; IPFS: the IPFS
 * network and gateways) comes before the other, each group in score order; scores are not changed, so an explanation
 * shows the real score next to the rank.
 */
public record RoutingPolicy(Set<ContentClass> preferP2P, Set<ContentClass> preferIpfs, long smallBelow, long largeFrom,
        Duration recentWithin, Duration archivedAfter) {
    public RoutingPolicy {
        preferP2P = preferP2P.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(preferP2P));
        preferIpfs = preferIpfs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(preferIpfs));
        for (ContentClass c : preferP2P) {
            if (preferIpfs.contains(c)) {
                throw new IllegalArgumentException("class '" + c + "' is in both PreferP2P and PreferIPFS");
            }
        }
        if (smallBelow < 0 || largeFrom < 0 || recentWithin.isNegative() || archivedAfter.isNegative()) {
            throw new IllegalArgumentException("thresholds must not be negative");
        }
        if (smallBelow > largeFrom) {
            throw new IllegalArgumentException("SmallBelow (" + smallBelow + ") must not exceed LargeFrom (" + largeFrom
                    + "): content cannot be small and large at once");
        }
    }

    public static final long DEFAULT_SMALL_BELOW = 1L << 20;
    public static final long DEFAULT_LARGE_FROM = 64L << 20;
    public static final Duration DEFAULT_RECENT_WITHIN = Duration.ofHours(24);
    public static final Duration DEFAULT_ARCHIVED_AFTER = Duration.ofDays(30);

    public static RoutingPolicy defaults() {
        return new RoutingPolicy(EnumSet.of(ContentClass.PRIVATE, ContentClass.RECENT, ContentClass.SMALL),
                EnumSet.of(ContentClass.PUBLIC, ContentClass.LARGE, ContentClass.ARCHIVED),
                DEFAULT_SMALL_BELOW, DEFAULT_LARGE_FROM, DEFAULT_RECENT_WITHIN, DEFAULT_ARCHIVED_AFTER);
    }

    /** The classes of content with these facts, at {@code now}, in declaration order. */
    public Set<ContentClass> classify(ContentFacts facts, Instant now) {
        EnumSet<ContentClass> out = EnumSet.noneOf(ContentClass.class);
        if (facts.isPrivate()) {
            out.add(ContentClass.PRIVATE);
        }
        if (facts.isPublic()) {
            out.add(ContentClass.PUBLIC);
        }
        facts.size().ifPresent(s -> {
            if (s < smallBelow) {
                out.add(ContentClass.SMALL);
            }
            if (s >= largeFrom) {
                out.add(ContentClass.LARGE);
            }
        });
        facts.addedAt().ifPresent(t -> {
            Duration age = Duration.between(t, now);
            if (age.compareTo(recentWithin) <= 0) {
                out.add(ContentClass.RECENT);
            }
            if (age.compareTo(archivedAfter) > 0) {
                out.add(ContentClass.ARCHIVED);
            }
        });
        return out;
    }

    public Preference preference(Set<ContentClass> classes) {
        if (classes.contains(ContentClass.PRIVATE) && preferP2P.contains(ContentClass.PRIVATE)) {
            return Preference.P2P;
        }
        int p2p = 0;
        int ipfs = 0;
        for (ContentClass c : classes) {
            if (preferP2P.contains(c)) {
                p2p++;
            } else if (preferIpfs.contains(c)) {
                ipfs++;
            }
        }
        return p2p > ipfs ? Preference.P2P : ipfs > p2p ? Preference.IPFS : Preference.NONE;
    }

    /**
     * Orders scored candidates: local first, then the preferred group, each by score (highest first; ties keep the
     * given order), and numbers them from 1. Gateways come last within their group whatever their score: they are
     * the fetch order's last resort, asked only after the IPFS network had its chance.
     */
    public static List<RankedCandidate> order(List<RankedCandidate> scored, Preference preference) {
        List<RankedCandidate> sorted = new ArrayList<>(scored);
        Comparator<RankedCandidate> byGroup = Comparator.comparingInt(r -> group(r.candidate(), preference) * 2
                + (r.candidate() instanceof Candidate.Gateway ? 1 : 0));
        sorted.sort(byGroup.thenComparing(Comparator.comparingDouble((RankedCandidate r) -> r.score().total()).reversed()));
        List<RankedCandidate> out = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            RankedCandidate r = sorted.get(i);
            out.add(new RankedCandidate(i + 1, r.candidate(), r.score()));
        }
        return out;
    }

    private static int group(Candidate c, Preference p) {
        if (c instanceof Candidate.Local) {
            return 0;
        }
        return switch (p) {
            case NONE -> 1;
            case P2P -> c.p2p() ? 1 : 2;
            case IPFS -> c.p2p() ? 2 : 1;
        };
    }
}
