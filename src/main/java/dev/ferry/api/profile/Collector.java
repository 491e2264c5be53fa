package dev.ferry.api.profile;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a profile can collect, under Kubo's collector names where one exists (so that Kubo's command lines work) and
 * ferry's own for the node's state. Each Kubo collector has its JVM counterpart, except {@code bin}: Kubo copies its
 * Go binary, a ferry node runs from a jar that {@code version.json} names exactly.
 */
public enum Collector {
    GOROUTINES_STACK("goroutines-stack", "threads.txt", Kind.SNAPSHOT,
            "the stack of every platform and virtual thread, as text"),
    GOROUTINES_PPROF("goroutines-pprof", "threads.json", Kind.SNAPSHOT,
            "the same stacks as JSON, grouped by thread container"),
    VERSION("version", "version.json", Kind.STATE,
            "ferry's version (as 'version --all'), the JVM, and the machine (as 'diag sys', without addresses)"),
    HEAP("heap", "heap-histogram.txt", Kind.SNAPSHOT,
            "live objects and bytes per class (a class histogram, taken after a full GC)"),
    ALLOCS("allocs", "profile.jfr", Kind.RECORDING, "allocation samples (jdk.ObjectAllocationSample)"),
    BIN("bin", null, Kind.NOT_APPLICABLE, "Kubo's copy of its binary"),
    CPU("cpu", "profile.jfr", Kind.RECORDING,
            "execution samples every 10 ms (jdk.ExecutionSample, jdk.NativeMethodSample)"),
    MUTEX("mutex", "profile.jfr", Kind.RECORDING, "contended monitor entries (jdk.JavaMonitorEnter)"),
    BLOCK("block", "profile.jfr", Kind.RECORDING,
            "parked, waiting and pinned threads (jdk.ThreadPark, jdk.JavaMonitorWait, jdk.VirtualThreadPinned)"),
    TRACE("trace", "profile.jfr", Kind.RECORDING,
            "the rest of JFR's 'profile' settings: GC, safepoints, compilation, thread starts, socket and file I/O"),
    CONFIG("config", "config.json", Kind.STATE,
            "the config as 'config show' shows it: no private key, access secrets masked"),
    METRICS("metrics", "metrics.txt", Kind.STATE, "the Prometheus metrics (/debug/metrics/prometheus)"),
    CMDS("cmds", "cmds.json", Kind.STATE, "the API calls running and finished lately (as 'diag cmds -v')"),
    PEERS("peers", "peers.json", Kind.STATE, "how many peers and connections the node has");

    /** How a collector's data is had. */
    public enum Kind {
        /** Taken from the JVM at once. */
        SNAPSHOT,
        /** The node's own figures, handed in by the node ({@link Profiler.StateSource}). */
        STATE,
        /** Part of the JFR recording made over the profile time. */
        RECORDING,
        /** Accepted for Kubo's sake, never collected. */
        NOT_APPLICABLE
    }

    /** Names that ask for a heap dump, which is refused with the reason rather than as an unknown name. */
    private static final Set<String> HEAP_DUMP = Set.of("heap-dump", "heapdump", "hprof");

    private final String id;
    private final String file;
    private final Kind kind;
    private final String description;

    Collector(String id, String file, Kind kind, String description) {
        this.id = id;
        this.file = file;
        this.kind = kind;
        this.description = description;
    }

    /** The name on the command line. */
    public String id() {
        return id;
    }

    /** The zip entry it is written to; null for one never collected. */
    public String file() {
        return file;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /** What is collected when no collector is named: all but {@code bin}, which never collects anything. */
    public static Set<Collector> defaults() {
        return EnumSet.complementOf(EnumSet.of(BIN));
    }

    /** The collector called {@code name}; a clear refusal for a heap dump and for a name nobody knows. */
    public static Collector named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (HEAP_DUMP.contains(n)) {
            throw ProfileException.badOption("collector '" + name.strip() + "' is not offered: a heap dump holds the"
                    + " node's private key, access secrets and cached content, and is as large as the heap; 'heap'"
                    + " gives a class histogram (on the node's machine, 'jcmd <pid> GC.heap_dump FILE' makes a dump"
                    + " that stays there)");
        }
        for (Collector c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        throw ProfileException.badOption("unknown collector '" + name.strip() + "' (known: "
                + Arrays.stream(values()).map(Collector::id).collect(Collectors.joining(", ")) + ")");
    }
}
