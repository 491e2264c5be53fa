package dev.ferry.policy.pinning;

import java.util.regex.Pattern;

/**
 * A named pinning policy: content pinned under it is kept by this node and by {@code replicas} other ferry peers,
 * each trusted at least {@code minTrust} (0-10), which agreed to keep it.
 */
public record PinningPolicy(String name, int replicas, int minTrust) {
    public static final int MAX_REPLICAS = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public PinningPolicy {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("policy name must be 1-64 letters, digits, '.', '_' or '-' "
                    + "(starting with a letter or digit): " + name);
        }
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("policy " + name + ": replicas must be 1-" + MAX_REPLICAS + ": "
                    + replicas);
        }
        if (minTrust < 0 || minTrust > 10) {
            throw new IllegalArgumentException("policy " + name + ": minimum trust must be 0-10: " + minTrust);
        }
    }
}
