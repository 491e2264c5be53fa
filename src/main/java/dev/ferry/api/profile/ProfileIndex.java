package dev.ferry.api.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code README.txt}, the zip's last entry: what was collected into which file, what was skipped or failed and why,
 * how to read the files, and what they may reveal.
 */
final class ProfileIndex {
    static final String FILE = "README.txt";

    private record Line(String first, String second, String text) {}

    private final String version;
    private final Instant taken;
    private final ProfileOptions options;
    private final List<Line> collected = new ArrayList<>();
    private final List<Line> skipped = new ArrayList<>();
    private final List<Line> failed = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ProfileIndex(String version, Instant taken, ProfileOptions options) {
        this.version = version;
        this.taken = taken;
        this.options = options;
    }

    void collected(String file, Collector c) {
        collected.add(new Line(file, c.id(), c.description()));
    }

    void collected(String file, String what) {
        collected.add(new Line(file, "", what));
    }

    void skipped(Collector c, String reason) {
        skipped.add(new Line(c.id(), "", reason));
    }

    void failed(Collector c, String message) {
        failed.add(new Line(c.id(), "", message));
    }

    void note(String text) {
        notes.add(text);
    }

    String text() {
        StringBuilder b = new StringBuilder();
        b.append("ferry diag profile\n\n");
        b.append("ferry ").append(version).append(", taken ").append(taken).append('\n');
        b.append("collectors: ").append(options.collectors().stream().map(Collector::id)
                .collect(Collectors.joining(","))).append('\n');
        b.append("profile-time: ").append(ProfileOptions.text(options.profileTime()))
                .append(", mutex-profile-fraction: ").append(options.mutexProfileFraction())
                .append(", block-profile-rate: ").append(ProfileOptions.text(options.blockProfileRate())).append('\n');
        section(b, "Collected", collected);
        section(b, "Skipped", skipped);
        section(b, "Failed", failed);
        if (!notes.isEmpty()) {
            b.append("\nNotes\n");
            notes.forEach(n -> b.append("  ").append(n).append('\n'));
        }
        b.append("""

                Reading
                  profile.jfr: 'jfr summary profile.jfr', 'jfr print --events jdk.ExecutionSample profile.jfr',
                    'jfr view hot-methods profile.jfr', or JDK Mission Control
                  threads.txt / threads.json: as 'jcmd <pid> Thread.dump_to_file' writes them
                  heap-histogram.txt: as 'jcmd <pid> GC.class_histogram' prints it

                Privacy
                  Included: thread stacks and names, class names, the config without private key or access secrets
                  (it still shows the node's peer ID and the addresses it is configured with), the recent API calls
                  with their arguments (CIDs, paths, names; no secrets), metrics, peer counts, and in profile.jfr the
                  addresses of sockets read or written while recording (with 'trace').
                  Not included: the private key, swarm.key, access secrets, any content or heap dump, environment
                  variables, system properties, the command line, the machine's network addresses and other processes.
                """);
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        b.append('\n').append(title).append('\n');
        for (Line l : lines) {
            String line = l.second().isEmpty()
                    ? String.format(Locale.ROOT, "  %-20s %s", l.first(), l.text())
                    : String.format(Locale.ROOT, "  %-20s %-18s %s", l.first(), l.second(), l.text());
            b.append(line.stripTrailing()).append('\n');
        }
    }
}
