package dev.ferry.policy.pinning;

import java.util.regex.Pattern;

/**
 * A named pinning policy: content pinned under it is kept by this node and by {@code replicas} other ferry peers,
 * each trusted at least {@code minTrust} (0-10), which agreed to keep it; and by each remote pinning service named in
 * {@code services} (configured in {@code Pinning.RemoteServices}).
 */
public record PinningPolicy(String name, int replicas, int minTrust, java.util.List<String> services) {
    /** A policy of peers only. */
    public PinningPolicy(String name, int replicas, int minTrust) {
        this(name, replicas, minTrust, java.util.List.of());
    }

    public static final int MAX_REPLICAS = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public PinningPolicy {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("policy name must be 1-64 letters, digits, '.', '_' or '-' "
                    + "(starting with a letter or digit): " + name);
        }
        if (replicas < 0 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("policy " + name + ": replicas must be 0-" + MAX_REPLICAS + ": "
                    + replicas);
        }
        if (minTrust < 0 || minTrust > 10) {
            throw new IllegalArgumentException("policy " + name + ": minimum trust must be 0-10: " + minTrust);
        }
        services = java.util.List.copyOf(new java.util.LinkedHashSet<>(services));
        if (replicas == 0 && services.isEmpty()) {
            throw new IllegalArgumentException("policy " + name + " keeps nothing anywhere: give it replicas (1-"
                    + MAX_REPLICAS + ") or remote services");
        }
        for (String s : services) {
            if (!NAME.matcher(s).matches()) {
                throw new IllegalArgumentException("policy " + name + ": not a service name: " + s);
            }
        }
    }
}
