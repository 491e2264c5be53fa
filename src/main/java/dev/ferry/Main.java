package dev.ferry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Entry point: hands over to the command line. With {@code FERRY_STATS=1}, prints peak heap and RSS at exit. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = dev.ferry.cli.FerryCli.run(args);
        if (System.getenv("FERRY_STATS") != null) {
            System.err.println(peakStats());
        }
        System.exit(code);
    }

    /** Peak heap (sum of the heap pools' peaks) and peak resident set size, for benchmarks. */
    static String peakStats() {
        long heap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        long rssKib = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    rssKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not on Linux: RSS unknown
        }
        return String.format(Locale.ROOT, "ferry-stats: peak-heap-mib=%.1f peak-rss-mib=%.1f", heap / 1048576.0, rssKib / 1024.0);
    }
}
