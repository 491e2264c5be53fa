package dev.ferry.api.profile;

import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a profile and streams it as a zip: first what is had at once (thread stacks, the class histogram, the node's
 * version and state), then the JFR recording over the profile time, then {@code README.txt}. A collector that fails
 * is listed as failed and the others go on; a failed write (the client gone) ends everything. One profile at a time
 * in the process: JFR, thread dumps and the forced GC of the histogram are the whole JVM's.
 */
public final class Profiler {
    /** Whether some profile is being taken in this process. */
    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(Profiler.class);
    private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The node's own data for a {@link Collector.Kind#STATE} collector, read when the profile reaches it. */
    @FunctionalInterface
    public interface StateSource {
        byte[] read() throws IOException;
    }

    private final String version;
    private final Path scratchRoot;
    private final Map<Collector, StateSource> state;

    /**
     * @param version ferry's version, for the index
     * @param scratchRoot where the private scratch directory of each profile is made (and deleted)
     * @param state the sources of the {@link Collector.Kind#STATE} collectors; one without a source is skipped
     */
    public Profiler(String version, Path scratchRoot, Map<Collector, StateSource> state) {
        this.version = version;
        this.scratchRoot = scratchRoot;
        this.state = Map.copyOf(state);
    }

    /**
     * Writes the profile {@code options} ask for to {@code out} (not closed). Refused with
     * {@link ProfileException.Reason#BUSY} before anything is written when another profile is being taken.
     */
    public void write(ProfileOptions options, OutputStream out) throws IOException {
        if (!RUNNING.compareAndSet(false, true)) {
            throw new ProfileException(ProfileException.Reason.BUSY,
                    "a profile is being taken already; try again once it is done");
        }
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory(scratchRoot, "ferry-profile-");
            SyncFlushZip zip = new SyncFlushZip(new BufferedOutputStream(unclosed(out), 64 * 1024));
            boolean done = false;
            try {
                write(options, zip, scratch);
                zip.close();
                done = true;
            } finally {
                if (!done) {
                    // no central directory: what was sent must not pass for a whole zip
                    zip.abandon();
                }
            }
        } finally {
            if (scratch != null) {
                delete(scratch);
            }
            RUNNING.set(false);
        }
    }

    private void write(ProfileOptions options, SyncFlushZip zip, Path scratch) throws IOException {
        ProfileIndex index = new ProfileIndex(version, Instant.now(), options);
        for (Collector c : options.collectors()) {
            options.skipReason(c).ifPresent(reason -> index.skipped(c, reason));
        }
        for (Collector c : options.collectors()) {
            if (options.collects(c) && (c.kind() == Collector.Kind.SNAPSHOT || c.kind() == Collector.Kind.STATE)) {
                if (c.kind() == Collector.Kind.STATE && !state.containsKey(c)) {
                    index.skipped(c, "not available here");
                    continue;
                }
                Path file = scratch.resolve(c.file());
                try {
                    collect(c, file);
                } catch (IOException | RuntimeException e) {
                    index.failed(c, String.valueOf(e.getMessage()));
                    continue;
                }
                copy(zip, c.file(), file);
                index.collected(c.file(), c);
            }
        }
        if (options.collects(Collector.MUTEX)) {
            index.note("mutex: every contended monitor entry over JFR's 10 ms threshold is recorded; a 1/N sampling"
                    + " fraction has no JFR equivalent, so N only switches it on");
        }
        if (options.collects(Collector.BLOCK)) {
            index.note("block: parks, waits and pinnings longer than the block profile rate ("
                    + ProfileOptions.text(options.blockProfileRate()) + ") are recorded");
        }
        if (options.records()) {
            record(options, zip, scratch, index);
        }
        zip.putNextEntry(new ZipEntry(ProfileIndex.FILE));
        zip.write(index.text().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private void collect(Collector c, Path file) throws IOException {
        switch (c) {
            case GOROUTINES_STACK -> JvmSnapshots.threads(file, ThreadDumpFormat.TEXT_PLAIN);
            case GOROUTINES_PPROF -> JvmSnapshots.threads(file, ThreadDumpFormat.JSON);
            case HEAP -> Files.writeString(file, JvmSnapshots.classHistogram());
            default -> Files.write(file, state.get(c).read());
        }
    }

    /** The recording, with a runtime sample sent every second until the profile time is over. */
    private static void record(ProfileOptions options, SyncFlushZip zip, Path scratch, ProfileIndex index)
            throws IOException {
        List<Collector> recorded = options.collectors().stream()
                .filter(c -> c.kind() == Collector.Kind.RECORDING && options.collects(c)).toList();
        ProfileRecording recording;
        try {
            recording = ProfileRecording.start(options);
        } catch (IOException | RuntimeException e) {
            recorded.forEach(c -> index.failed(c, "JFR cannot record here: " + e.getMessage()));
            return;
        }
        try {
            zip.putNextEntry(new ZipEntry(RuntimeSamples.FILE));
            zip.write(RuntimeSamples.HEADER.getBytes(StandardCharsets.UTF_8));
            long end = System.nanoTime() + options.profileTime().toNanos();
            while (true) {
                zip.write(RuntimeSamples.line(Instant.now()).getBytes(StandardCharsets.UTF_8));
                zip.flushEntry();
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, SAMPLE_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the profile was interrupted");
                }
            }
            zip.closeEntry();
            index.collected(RuntimeSamples.FILE, "(while recording) heap, threads, CPU load and GC every second");
            Path jfr = scratch.resolve("profile.jfr");
            recording.stopAndDump(jfr);
            copy(zip, "profile.jfr", jfr);
            recorded.forEach(c -> index.collected("profile.jfr", c));
        } finally {
            recording.close();
        }
    }

    private static void copy(SyncFlushZip zip, String name, Path file) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(file, zip);
        zip.closeEntry();
        Files.delete(file);
    }

    /** {@code out} with a close that only flushes: the caller owns the stream the zip is written to. */
    private static OutputStream unclosed(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Deletes the scratch directory; a failure is logged, the profile itself is not failed for it. */
    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot delete the profile's scratch directory {}: {}", dir, e.getMessage());
        }
    }

    /** Whether a profile is being taken in this process now. */
    public static boolean running() {
        return RUNNING.get();
    }
}
