package dev.ferry.routing.delegated;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.multiformats.MultiaddrProtocol;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code filter-addrs} and {@code filter-protocols} query parameters of the Delegated Routing V1 API (IPIP-484),
 * applied to peer records. Each is a comma-separated list of names, case-insensitive; {@code !name} excludes.
 *
 * <ul>
 *   <li>Addresses: an address passes when none of its components is named by an exclusion and, if any name is
 *       given without {@code !}, one of its components is named by one of them. Only passing addresses are kept; a
 *       peer left with none is dropped. A peer that came without addresses is kept only when {@code unknown} is
 *       listed.</li>
 *   <li>Protocols: a peer passes when none of its protocols is excluded and, if names are given without {@code !},
 *       one of its protocols is among them (or it names none and {@code unknown} is listed). A passing peer keeps all
 *       its protocols.</li>
 * </ul>
 * {@code unknown} is a name like the others that matches only an empty list: {@code filter-addrs=unknown} keeps
 * only peers without addresses. An absent or empty parameter filters nothing. Immutable.
 */
public final class RoutingFilter {
    /** Names in one parameter. */
    public static final int MAX_NAMES = 32;
    /** Characters in one name (the spec's bound for transfer protocol names). */
    public static final int MAX_NAME_LENGTH = 63;
    public static final String UNKNOWN = "unknown";
    /** No filtering. */
    public static final RoutingFilter NONE = new RoutingFilter(null, null);

    private final Names addrs; // null: not filtered
    private final Names protocols; // null: not filtered

    private RoutingFilter(Names addrs, Names protocols) {
        this.addrs = addrs;
        this.protocols = protocols;
    }

    /**
     * Reads the two parameters' values (already percent-decoded; null when absent).
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong with it
     */
    public static RoutingFilter parse(String filterAddrs, String filterProtocols) {
        return new RoutingFilter(names("filter-addrs", filterAddrs, true),
                names("filter-protocols", filterProtocols, false));
    }

    /** A filter from lists of names (each as in the parameter, {@code !} included); empty lists filter nothing. */
    public static RoutingFilter of(List<String> filterAddrs, List<String> filterProtocols) {
        return parse(filterAddrs.isEmpty() ? null : String.join(",", filterAddrs),
                filterProtocols.isEmpty() ? null : String.join(",", filterProtocols));
    }

    public boolean isEmpty() {
        return addrs == null && protocols == null;
    }

    /**
     * The query string that asks a router for this filter ({@code ?filter-addrs=...&filter-protocols=...}), or
     * {@code ""} when it filters nothing.
     */
    public String query() {
        List<String> parts = new ArrayList<>();
        if (addrs != null) {
            parts.add("filter-addrs=" + encode(addrs.text()));
        }
        if (protocols != null) {
            parts.add("filter-protocols=" + encode(protocols.text()));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    /** The record as this filter lets it through (addresses possibly fewer), or empty when it is dropped. */
    public Optional<RoutedPeer> apply(RoutedPeer peer) {
        if (!keepsProtocols(peer.protocols())) {
            return Optional.empty();
        }
        return addresses(peer.addrs()).map(a -> a.size() == peer.addrs().size() ? peer
                : new RoutedPeer(peer.id(), a, peer.protocols()));
    }

    /** The addresses that pass, or empty when the peer is to be dropped for its addresses. */
    public Optional<List<Multiaddr>> addresses(List<Multiaddr> list) {
        if (addrs == null) {
            return Optional.of(list);
        }
        if (list.isEmpty()) {
            return addrs.positive.contains(UNKNOWN) ? Optional.of(list) : Optional.empty();
        }
        List<Multiaddr> out = new ArrayList<>();
        for (Multiaddr a : list) {
            if (passes(a)) {
                out.add(a);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /**
     * As {@link #addresses(List)} for addresses in text form; a text that is no multiaddr passes no filter on
     * addresses.
     */
    public Optional<List<String>> addressTexts(List<String> list) {
        if (addrs == null) {
            return Optional.of(list);
        }
        if (list.isEmpty()) {
            return addrs.positive.contains(UNKNOWN) ? Optional.of(list) : Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (String s : list) {
            try {
                if (passes(Multiaddr.parse(s))) {
                    out.add(s);
                }
            } catch (RuntimeException e) {
                // not a multiaddr: nothing can be said of its transports
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** Whether a peer naming these transfer protocols passes {@code filter-protocols}. */
    public boolean keepsProtocols(List<String> list) {
        if (protocols == null) {
            return true;
        }
        if (list.isEmpty()) {
            return protocols.positive.contains(UNKNOWN);
        }
        boolean matched = protocols.positive.isEmpty();
        for (String p : list) {
            String name = p.toLowerCase(Locale.ROOT);
            if (protocols.negative.contains(name)) {
                return false;
            }
            matched |= protocols.positive.contains(name);
        }
        return matched;
    }

    private boolean passes(Multiaddr a) {
        boolean matched = addrs.positive.isEmpty();
        for (Multiaddr.Component c : a.components()) {
            String name = c.protocol().protocolName();
            if (addrs.negative.contains(name)) {
                return false;
            }
            matched |= addrs.positive.contains(name);
        }
        return matched;
    }

    @Override
    public String toString() {
        return isEmpty() ? "no filter" : query().substring(1);
    }

    private static String encode(String s) {
        // a comma is sent as is: the spec's lists are comma-separated, and some routers do not decode %2C
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2C", ",").replace("%21", "!");
    }

    private static Names names(String param, String value, boolean addresses) {
        if (value == null) {
            return null;
        }
        Set<String> positive = new LinkedHashSet<>();
        Set<String> negative = new LinkedHashSet<>();
        int count = 0;
        for (String item : value.split(",", -1)) {
            String s = item.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            if (++count > MAX_NAMES) {
                throw new IllegalArgumentException(param + " lists more than " + MAX_NAMES + " names");
            }
            boolean not = s.startsWith("!");
            String name = not ? s.substring(1) : s;
            if (name.isEmpty()) {
                throw new IllegalArgumentException(param + ": '!' must be followed by a name");
            }
            if (name.length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException(param + ": a name is at most " + MAX_NAME_LENGTH + " characters");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c > '~' || c == '!') {
                    throw new IllegalArgumentException(param + ": '" + printable(name) + "' is not a name"
                            + " (printable ASCII, no spaces, '!' only in front)");
                }
            }
            if (addresses) {
                // a registered alias counts as its protocol (ipfs is p2p); other names are kept, matching nothing
                name = MultiaddrProtocol.byName(name).map(MultiaddrProtocol::protocolName).orElse(name);
            }
            (not ? negative : positive).add(name);
        }
        if (count == 0) {
            return null;
        }
        return new Names(Set.copyOf(positive), Set.copyOf(negative), value);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < MAX_NAME_LENGTH; i++) {
            char c = s.charAt(i);
            sb.append(c < ' ' || c > '~' ? '?' : c);
        }
        return sb.toString();
    }

    /** One parameter's names, without their {@code !}. */
    private record Names(Set<String> positive, Set<String> negative, String given) {
        /** The list as sent on: names lower-cased, empty items dropped. */
        String text() {
            List<String> out = new ArrayList<>();
            for (String s : given.split(",", -1)) {
                String t = s.strip().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            return String.join(",", out);
        }
    }
}
