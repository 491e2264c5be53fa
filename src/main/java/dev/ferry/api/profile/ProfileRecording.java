package dev.ferry.api.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The JFR recording behind Kubo's sampling collectors: JFR's "profile" settings, with the events of the collectors
 * not asked for switched off ({@code trace} stands for every event no other collector claims), and the events that
 * would tell about the machine rather than the node always off.
 */
final class ProfileRecording implements AutoCloseable {
    /** The events each sampling collector stands for; {@link Collector#TRACE} is all the others. */
    static final Map<Collector, List<String>> EVENTS = Map.of(
            Collector.CPU, List.of("jdk.ExecutionSample", "jdk.NativeMethodSample"),
            Collector.ALLOCS, List.of("jdk.ObjectAllocationSample"),
            Collector.MUTEX, List.of("jdk.JavaMonitorEnter"),
            Collector.BLOCK, List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.VirtualThreadPinned"));

    /**
     * Never recorded: the process's environment variables and system properties, its command line (which may carry
     * secrets), and the machine's other processes, which a bug report has no business holding.
     */
    static final List<String> PRIVATE = List.of("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty",
            "jdk.JVMInformation", "jdk.SystemProcess", "jdk.ProcessStart");

    private final Recording recording;

    private ProfileRecording(Recording recording) {
        this.recording = recording;
    }

    /** Starts recording what {@code options} ask for. */
    static ProfileRecording start(ProfileOptions options) throws IOException {
        Map<String, String> settings;
        try {
            settings = settings(Configuration.getConfiguration("profile").getSettings(), options);
        } catch (ParseException e) {
            throw new IOException("JFR's 'profile' settings cannot be read: " + e.getMessage(), e);
        }
        Recording r = new Recording(settings);
        try {
            r.setName("ferry diag profile");
            r.setToDisk(true);
            r.start();
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return new ProfileRecording(r);
    }

    /** {@code profile} (JFR's setting names to values) narrowed to what {@code options} collect. */
    static Map<String, String> settings(Map<String, String> profile, ProfileOptions options) {
        Map<String, String> out = new HashMap<>(profile);
        Set<String> claimed = new HashSet<>();
        Set<String> wanted = new HashSet<>();
        EVENTS.forEach((c, events) -> {
            claimed.addAll(events);
            if (options.collects(c)) {
                wanted.addAll(events);
            }
        });
        boolean trace = options.collects(Collector.TRACE);
        for (String key : profile.keySet()) {
            int hash = key.indexOf('#');
            if (hash < 0 || !key.endsWith("#enabled")) {
                continue;
            }
            String event = key.substring(0, hash);
            boolean on = wanted.contains(event) || (trace && !claimed.contains(event));
            if (!on || PRIVATE.contains(event)) {
                out.put(key, "false");
            }
        }
        if (options.collects(Collector.BLOCK)) {
            for (String event : EVENTS.get(Collector.BLOCK)) {
                out.put(event + "#threshold", options.blockProfileRate().toNanos() + " ns");
            }
        }
        return out;
    }

    /** Stops recording and writes what was recorded to {@code file}. */
    void stopAndDump(Path file) throws IOException {
        recording.stop();
        recording.dump(file);
    }

    /** Ends the recording, dropping its data on disk; may follow {@link #stopAndDump} or replace it. */
    @Override
    public void close() {
        recording.close();
    }
}
