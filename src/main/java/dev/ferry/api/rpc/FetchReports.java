package dev.ferry.api.rpc;

import dev.ferry.routing.SourceUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Which sources served a {@code cat} or {@code get}, kept under an id the client chose ({@code fetch-report=ID}) so
 * that it can ask after the body ended ({@code routing/report?arg=ID}): the body is streamed, and what served it is
 * only known at its end. The last {@link #KEPT} reports are kept; a report is handed out once. Thread-safe.
 */
final class FetchReports {
    static final int KEPT = 256;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, List<SourceUse>> reports = new LinkedHashMap<>(); // guarded by lock, oldest first

    /** The id of a request, checked; absent when the client asked for no report. */
    static Optional<String> idOf(RpcRequest r) {
        Optional<String> id = r.option("fetch-report");
        if (id.isPresent() && !ID.matcher(id.get()).matches()) {
            throw RpcException.badRequest("fetch-report must be 1-64 letters, digits, '-' or '_'");
        }
        return id;
    }

    void put(String id, List<SourceUse> sources) {
        lock.lock();
        try {
            reports.remove(id);
            reports.put(id, List.copyOf(sources));
            while (reports.size() > KEPT) {
                reports.remove(reports.keySet().iterator().next());
            }
        } finally {
            lock.unlock();
        }
    }

    Optional<List<SourceUse>> take(String id) {
        lock.lock();
        try {
            return Optional.ofNullable(reports.remove(id));
        } finally {
            lock.unlock();
        }
    }
}
