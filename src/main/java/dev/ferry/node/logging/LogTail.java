package dev.ferry.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reader of the log as it happens: an appender on the root logger, attached when the tail opens and removed when
 * it closes, feeding a bounded queue. Logging never waits for a reader: when the queue is full the line is dropped
 * and counted, so a slow client costs lines, not memory. Only events a logger lets through reach it, as in Kubo
 * (lower a subsystem's level first to see its debug lines).
 */
public final class LogTail implements AutoCloseable {
    /** Lines held for a reader that has not caught up. */
    public static final int CAPACITY = 1024;
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicInteger IDS = new AtomicInteger();

    private final BlockingQueue<LogLine> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Level threshold;
    private final Queueing appender = new Queueing();
    private final Logger root;
    private boolean closed;

    private LogTail(int capacity, Level threshold) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.threshold = threshold;
        var ctx = LogLevels.context();
        this.root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        appender.setContext(ctx);
        appender.setName("ferry-log-tail-" + IDS.incrementAndGet());
        appender.start();
        root.addAppender(appender);
        OPEN.incrementAndGet();
    }

    /**
     * Follows the lines logged from now on, all of them or those at a Kubo level and above (Kubo's
     * {@code --log-level}); an unknown level fails as {@link LogLevels#parse} does.
     */
    public static LogTail open(Optional<String> level) {
        return new LogTail(CAPACITY, level.map(LogLevels::parse).orElse(Level.ALL));
    }

    /** Follows every line, with room for {@code capacity} unread ones (small in tests of dropping). */
    static LogTail open(int capacity) {
        return new LogTail(capacity, Level.ALL);
    }

    /** How many tails are open in this JVM (each is one appender on the root logger). */
    public static int openCount() {
        return OPEN.get();
    }

    /** The next line, waiting at most {@code wait}; empty when none came. */
    public Optional<LogLine> next(Duration wait) throws InterruptedException {
        return Optional.ofNullable(queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Lines lost because the reader was too slow. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        root.detachAppender(appender);
        appender.stop();
        OPEN.decrementAndGet();
    }

    private final class Queueing extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent e) {
            if (!e.getLevel().isGreaterOrEqual(threshold)) {
                return;
            }
            if (!queue.offer(line(e))) {
                dropped.incrementAndGet();
            }
        }
    }

    private static LogLine line(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        Optional<String> error = t == null ? Optional.empty()
                : Optional.of(t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        return new LogLine(Instant.ofEpochMilli(e.getTimeStamp()), kuboLevel(e.getLevel()),
                LogSubsystems.of(e.getLoggerName()).orElse(e.getLoggerName()), e.getFormattedMessage(), error);
    }

    private static String kuboLevel(Level l) {
        return switch (l.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warn";
            case Level.INFO_INT -> "info";
            default -> "debug";
        };
    }
}
