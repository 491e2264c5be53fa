package dev.ferry.api.profile;

import dev.ferry.node.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a profile collects and for how long, with Kubo's options and defaults: {@code profile-time} 30s (0 skips the
 * collectors that sample over time), {@code mutex-profile-fraction} 4 and {@code block-profile-rate} 1ms (0 switches
 * either off).
 *
 * @param collectors what to collect (in the enum's order)
 * @param profileTime how long the JFR recording runs, at most {@link #MAX_PROFILE_TIME}
 * @param mutexProfileFraction Kubo's 1/N of contention events; on the JVM only whether it is above 0 counts
 * @param blockProfileRate the shortest park or wait recorded (Kubo's sampling rate of blocking events)
 */
public record ProfileOptions(Set<Collector> collectors, Duration profileTime, int mutexProfileFraction,
        Duration blockProfileRate) {
    public static final Duration DEFAULT_PROFILE_TIME = Duration.ofSeconds(30);
    /** A recording longer than this is refused: it would hold the one profile slot and grow for too long. */
    public static final Duration MAX_PROFILE_TIME = Duration.ofMinutes(5);
    public static final int DEFAULT_MUTEX_PROFILE_FRACTION = 4;
    public static final Duration DEFAULT_BLOCK_PROFILE_RATE = Duration.ofMillis(1);

    public ProfileOptions {
        collectors = Collections.unmodifiableSet(collectors.isEmpty()
                ? EnumSet.noneOf(Collector.class) : EnumSet.copyOf(collectors));
        if (profileTime.isNegative()) {
            throw ProfileException.badOption("profile time cannot be negative: " + profileTime);
        }
        if (profileTime.compareTo(MAX_PROFILE_TIME) > 0) {
            throw ProfileException.badOption("profile time " + text(profileTime) + " is longer than the "
                    + text(MAX_PROFILE_TIME) + " allowed");
        }
        if (mutexProfileFraction < 0) {
            throw ProfileException.badOption("mutex profile fraction cannot be negative: " + mutexProfileFraction);
        }
        if (blockProfileRate.isNegative()) {
            throw ProfileException.badOption("block profile rate cannot be negative: " + blockProfileRate);
        }
    }

    /**
     * Options from their text as Kubo's command takes them; absent ones get Kubo's defaults, no collector named means
     * {@link Collector#defaults()}. Each collector value may itself be a comma-separated list.
     */
    public static ProfileOptions parse(List<String> collectors, Optional<String> profileTime,
            Optional<String> mutexProfileFraction, Optional<String> blockProfileRate) {
        Set<Collector> chosen = EnumSet.noneOf(Collector.class);
        for (String value : collectors) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    chosen.add(Collector.named(name));
                }
            }
        }
        if (collectors.isEmpty()) {
            chosen = Collector.defaults();
        } else if (chosen.isEmpty()) {
            throw ProfileException.badOption("no collector named");
        }
        int fraction;
        try {
            fraction = mutexProfileFraction.map(s -> Integer.parseInt(s.strip())).orElse(DEFAULT_MUTEX_PROFILE_FRACTION);
        } catch (NumberFormatException e) {
            throw ProfileException.badOption("mutex profile fraction must be a whole number: "
                    + mutexProfileFraction.orElseThrow());
        }
        return new ProfileOptions(chosen, duration("profile time", profileTime, DEFAULT_PROFILE_TIME), fraction,
                duration("block profile rate", blockProfileRate, DEFAULT_BLOCK_PROFILE_RATE));
    }

    private static Duration duration(String what, Optional<String> text, Duration dflt) {
        if (text.isEmpty()) {
            return dflt;
        }
        try {
            return Durations.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw ProfileException.badOption("failed to parse " + what + " \"" + text.get() + "\": " + e.getMessage());
        }
    }

    /** Why {@code c}, which was asked for, is not collected with these options; empty when it is. */
    public Optional<String> skipReason(Collector c) {
        if (c.kind() == Collector.Kind.NOT_APPLICABLE) {
            return Optional.of("not applicable: Kubo copies its Go binary; ferry runs from a jar, and version.json"
                    + " names its exact version and JVM");
        }
        if (c.kind() == Collector.Kind.RECORDING && profileTime.isZero()) {
            return Optional.of("the profile time is 0, which skips what samples over time");
        }
        if (c == Collector.MUTEX && mutexProfileFraction == 0) {
            return Optional.of("the mutex profile fraction is 0");
        }
        if (c == Collector.BLOCK && blockProfileRate.isZero()) {
            return Optional.of("the block profile rate is 0");
        }
        return Optional.empty();
    }

    /** Whether {@code c} was asked for and is collected with these options. */
    public boolean collects(Collector c) {
        return collectors.contains(c) && skipReason(c).isEmpty();
    }

    /** Whether a JFR recording is made: some collector that is part of one is collected. */
    public boolean records() {
        return collectors.stream().anyMatch(c -> c.kind() == Collector.Kind.RECORDING && collects(c));
    }

    /** A duration as Go prints it, for messages: {@code 1ms}, {@code 30s}, {@code 5m0s}. */
    static String text(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L && nanos % 1_000_000 == 0) {
            return nanos / 1_000_000 + "ms";
        }
        if (nanos < 1_000_000_000L) {
            return nanos + "ns";
        }
        long seconds = d.toSeconds();
        String rest = seconds % 60 + (d.toNanosPart() == 0 ? "" : "." + String.format(java.util.Locale.ROOT, "%09d", d.toNanosPart())
                .replaceAll("0+$", "")) + "s";
        long minutes = seconds / 60;
        return minutes == 0 ? rest : minutes / 60 > 0 ? minutes / 60 + "h" + minutes % 60 + "m" + rest : minutes + "m" + rest;
    }
}
