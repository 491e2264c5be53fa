package dev.ferry.api.profile;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code runtime-samples.csv}: the heap, threads, CPU and GC once a second while the profile records, readable
 * without JFR tools (and the line whose sending shows that the client is still there).
 */
final class RuntimeSamples {
    static final String FILE = "runtime-samples.csv";
    static final String HEADER = "time,heap_used_bytes,heap_committed_bytes,non_heap_used_bytes,platform_threads,"
            + "process_cpu_load,gc_count,gc_time_ms\n";

    private RuntimeSamples() {}

    /** One line, read now; {@code process_cpu_load} is -1 where the JVM does not know it. */
    static String line(Instant now) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        var heap = memory.getHeapMemoryUsage();
        double cpu = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuLoad() : -1;
        long gcs = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.3f,%d,%d\n", now, heap.getUsed(), heap.getCommitted(),
                memory.getNonHeapMemoryUsage().getUsed(), ManagementFactory.getThreadMXBean().getThreadCount(), cpu,
                gcs, gcMillis);
    }
}
