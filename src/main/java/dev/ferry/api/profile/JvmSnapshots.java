package dev.ferry.api.profile;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/** What the running JVM tells about itself at once: its threads' stacks and its objects per class. */
final class JvmSnapshots {
    private JvmSnapshots() {}

    /**
     * Writes the stacks of every thread, virtual ones included (which {@code ThreadMXBean} leaves out), to
     * {@code file}, which must not exist yet.
     */
    static void threads(Path file, ThreadDumpFormat format) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(file.toAbsolutePath().toString(), format);
    }

    /**
     * {@code jcmd GC.class_histogram} in this process (the DiagnosticCommand MBean, no jcmd process): instances and
     * bytes per class of the objects still live after a full GC.
     */
    static String classHistogram() throws IOException {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.valueOf(text);
        } catch (JMException e) {
            throw new IOException("the JVM gives no class histogram: " + e.getMessage(), e);
        }
    }
}
