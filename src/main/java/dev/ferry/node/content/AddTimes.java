package dev.ferry.node.content;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When this node added each root ({@code <repo>/add-times}: one {@code <cid> <epoch seconds>} line per add, appended),
 * so that the content router can tell recent from archived content. The latest {@link #MAX_ENTRIES} roots are kept;
 * the file is rewritten without the older ones when it has grown to twice that. A line that does not parse is
 * skipped (a torn last line after a crash costs one entry, never the file). Thread-safe.
 */
public final class AddTimes {
    /** The file's name in the repository. */
    public static final String FILE = "add-times";
    public static final int MAX_ENTRIES = 100_000;

    private final Path file;
    private final int maxEntries;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Multihash, Instant> times; // guarded by lock, oldest first
    private int lines; // guarded by lock: lines in the file

    private AddTimes(Path file, int maxEntries) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.times = new LinkedHashMap<>(16, 0.75f, false);
    }

    /** Opens (or starts) the record in {@code repo}. */
    public static AddTimes open(Path repo) throws IOException {
        return open(repo.resolve(FILE), MAX_ENTRIES);
    }

    static AddTimes open(Path file, int maxEntries) throws IOException {
        AddTimes t = new AddTimes(file, maxEntries);
        if (Files.exists(file)) {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : all) {
                t.remember(line);
            }
            t.lines = all.size();
        }
        return t;
    }

    private void remember(String line) {
        int sp = line.indexOf(' ');
        if (sp <= 0) {
            return;
        }
        try {
            Multihash mh = Cid.parse(line.substring(0, sp)).multihash();
            Instant at = Instant.ofEpochSecond(Long.parseLong(line.substring(sp + 1).strip()));
            put(mh, at);
        } catch (RuntimeException e) {
            // a line torn by a crash, or written by something else: skipped
        }
    }

    private void put(Multihash mh, Instant at) {
        times.remove(mh); // re-added: it moves to the newest end
        times.put(mh, at);
        while (times.size() > maxEntries) {
            times.remove(times.keySet().iterator().next());
        }
    }

    /** Records that {@code root} was added at {@code at}. */
    public void record(Cid root, Instant at) {
        lock.lock();
        try {
            put(root.multihash(), at);
            String line = root + " " + at.getEpochSecond() + "\n";
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            if (++lines >= 2 * maxEntries) {
                compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the add time in " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: the file rewritten with the entries kept in memory. */
    private void compact() throws IOException {
        StringBuilder sb = new StringBuilder();
        times.forEach((mh, at) -> sb.append(Cid.v1(dev.ferry.multiformats.Multicodec.RAW.code(), mh)).append(' ')
                .append(at.getEpochSecond()).append('\n'));
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        lines = times.size();
    }

    /** When {@code cid} (any CID of the same multihash) was added here, if it was. */
    public Optional<Instant> addedAt(Cid cid) {
        lock.lock();
        try {
            return Optional.ofNullable(times.get(cid.multihash()));
        } finally {
            lock.unlock();
        }
    }
}
