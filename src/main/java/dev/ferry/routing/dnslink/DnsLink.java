package dev.ferry.routing.dnslink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * DNSLink: a domain's content path in a TXT record {@code dnslink=/ipfs/CID[/path]} (or {@code /ipns/NAME[/path]})
 * at {@code _dnslink.<domain>}. Of several such records the one that sorts first is taken (the spec's rule, so that
 * every resolver picks the same); records of other kinds are ignored. Answers, found or not, are cached for
 * {@link #CACHE_FOR} (1,024 domains at most). Thread-safe.
 */
public final class DnsLink {
    public static final Duration CACHE_FOR = Duration.ofMinutes(1);
    private static final int CACHE_SIZE = 1024;
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String PREFIX = "dnslink=";

    private record Cached(Optional<String> path, Instant until) {}

    private final TxtLookup lookup;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public DnsLink(TxtLookup lookup, Clock clock) {
        this.lookup = lookup;
        this.clock = clock;
    }

    /** Whether {@code text} is a domain name DNSLink can be looked up for (at least two labels). */
    public static boolean isDomain(String text) {
        return DOMAIN.matcher(text.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * The content path {@code domain} links to, without following it.
     *
     * @throws IllegalArgumentException if {@code domain} is not a domain name
     * @throws IOException              when DNS does not answer
     */
    public Optional<String> resolve(String domain) throws IOException {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (!isDomain(d)) {
            throw new IllegalArgumentException("not a domain name: " + domain);
        }
        Instant now = clock.instant();
        synchronized (cache) {
            Cached c = cache.get(d);
            if (c != null && c.until.isAfter(now)) {
                return c.path;
            }
        }
        Optional<String> path = pick(lookup.txt("_dnslink." + d));
        synchronized (cache) {
            cache.put(d, new Cached(path, now.plus(CACHE_FOR)));
        }
        return path;
    }

    /** The first (in sort order) well-formed dnslink value among TXT records. */
    static Optional<String> pick(List<String> records) {
        List<String> paths = new ArrayList<>();
        for (String r : records) {
            if (!r.startsWith(PREFIX)) {
                continue;
            }
            String v = r.substring(PREFIX.length()).strip();
            String[] parts = v.split("/", 4);
            if (parts.length >= 3 && parts[0].isEmpty() && (parts[1].equals("ipfs") || parts[1].equals("ipns"))
                    && !parts[2].isEmpty() && v.length() <= 2048) {
                paths.add(v);
            }
        }
        return paths.stream().sorted().findFirst();
    }
}
