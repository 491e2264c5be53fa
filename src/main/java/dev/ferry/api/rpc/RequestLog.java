package dev.ferry.api.rpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RPC calls running now and those finished lately, for Kubo's {@code diag/cmds}. Finished calls are kept for
 * {@link #keep()} (one minute unless {@code diag/cmds/set-time} says otherwise), and never more than
 * {@link #MAX_FINISHED} of them; at most {@link #MAX_ACTIVE} running calls are listed, any beyond run unlisted.
 * Memory stays bounded whatever the callers do. Thread-safe.
 */
public final class RequestLog {
    public static final Duration DEFAULT_KEEP = Duration.ofMinutes(1);
    static final int MAX_FINISHED = 100;
    static final int MAX_ACTIVE = 1024;
    /** What an unlisted call gets from {@link #start}. */
    static final long UNLISTED = -1;

    /** One call; {@code end} is empty while it runs. */
    public record Entry(long id, String command, List<String> args, Map<String, String> options, Instant start,
            Optional<Instant> end) {
        public Entry {
            args = List.copyOf(args);
            options = Map.copyOf(options);
        }

        public boolean active() {
            return end.isEmpty();
        }
    }

    private final Clock clock;
    private final Map<Long, Entry> active = new LinkedHashMap<>();
    private final ArrayDeque<Entry> finished = new ArrayDeque<>();
    private long nextId;
    private Duration keep = DEFAULT_KEEP;

    public RequestLog(Clock clock) {
        this.clock = clock;
    }

    /** Lists a call as running; returns its id, or {@link #UNLISTED} when too many run already. */
    public synchronized long start(RpcRequest request) {
        if (active.size() >= MAX_ACTIVE) {
            return UNLISTED;
        }
        long id = nextId++;
        active.put(id, new Entry(id, request.command(), withoutSecrets(request.command(), request.args()),
                request.options(), clock.instant(), Optional.empty()));
        return id;
    }

    /** What secrets are shown as: the values {@code config show} masks never enter the log either. */
    static final String REDACTED = "[redacted]";

    /**
     * {@code args} with the secrets a call may carry replaced: a remote pinning service's access key
     * ({@code pin/remote/service/add NAME ENDPOINT KEY}) and a value set for such a key or an API access secret
     * through {@code config KEY VALUE}.
     */
    static List<String> withoutSecrets(String command, List<String> args) {
        int secret = switch (command) {
            case "pin/remote/service/add" -> 2;
            case "config" -> args.size() >= 2 && secretKey(args.get(0)) ? 1 : -1;
            default -> -1;
        };
        if (secret < 0 || secret >= args.size()) {
            return args;
        }
        List<String> out = new ArrayList<>(args);
        out.set(secret, REDACTED);
        return List.copyOf(out);
    }

    private static boolean secretKey(String key) {
        return key.matches("Pinning\\.RemoteServices\\.[^.]+\\.API\\.Key")
                || key.matches("API\\.Authorizations\\.[^.]+\\.AuthSecret");
    }

    /** Marks the call {@code id} finished (nothing for {@link #UNLISTED} or an unknown id). */
    public synchronized void finish(long id) {
        Entry e = active.remove(id);
        if (e == null) {
            return;
        }
        finished.addLast(new Entry(e.id(), e.command(), e.args(), e.options(), e.start(),
                Optional.of(clock.instant())));
        prune();
    }

    /** Every running call and every finished one still kept, oldest first. */
    public synchronized List<Entry> report() {
        prune();
        List<Entry> out = new ArrayList<>(active.values());
        out.addAll(finished);
        out.sort(Comparator.comparingLong(Entry::id));
        return out;
    }

    /** Forgets every finished call (Kubo's {@code diag cmds clear}). */
    public synchronized void clearInactive() {
        finished.clear();
    }

    /** How long finished calls are kept. */
    public synchronized Duration keep() {
        return keep;
    }

    /** Keeps finished calls for {@code keep} from now on (Kubo's {@code diag cmds set-time}). */
    public synchronized void setKeep(Duration keep) {
        if (keep.isNegative()) {
            throw new IllegalArgumentException("the time to keep finished requests cannot be negative: " + keep);
        }
        this.keep = keep;
        prune();
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(keep);
        for (Iterator<Entry> it = finished.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (finished.size() > MAX_FINISHED || !e.end().orElseThrow().isAfter(cutoff)) {
                it.remove();
            }
        }
    }
}
