package dev.ferry.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr: bytes, rate and ETA, redrawn at most ten times a second. Draws nothing when
 * stderr is not a terminal, so scripts and pipes see clean output.
 */
final class ProgressBar implements AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream err, boolean enabled, long total) {
        this.err = err;
        this.enabled = enabled;
        this.total = total;
    }

    void advance(long bytes) {
        done += bytes;
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    private void draw(long now) {
        double secs = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / secs;
        StringBuilder line = new StringBuilder("\r");
        line.append(human(done));
        if (total > 0) {
            int width = 30;
            int filled = (int) Math.min(width, width * done / Math.max(1, total));
            line.append(" / ").append(human(total)).append(" [").append("#".repeat(filled))
                    .append(" ".repeat(width - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%5.1f%%", 100.0 * done / Math.max(1, total)));
        }
        line.append(' ').append(human((long) rate)).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            long eta = (long) ((total - done) / rate);
            line.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
        }
        line.append("   ");
        err.print(line);
        err.flush();
        drawn = true;
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    @Override
    public void close() {
        if (enabled) {
            draw(System.nanoTime());
            if (drawn) {
                err.println();
            }
        }
    }
}
