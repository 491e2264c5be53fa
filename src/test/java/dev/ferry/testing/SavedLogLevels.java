package dev.ferry.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.ferry.node.logging.LogSubsystems;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The levels of the root logger and of every subsystem's logger, put back on close: tests that change levels share
 * the JVM's one logback with every other test.
 */
public final class SavedLogLevels implements AutoCloseable {
    private final Map<String, Level> saved = new HashMap<>();

    public SavedLogLevels() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        saved.put(Logger.ROOT_LOGGER_NAME, ctx.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        LogSubsystems.all().values().forEach(p -> saved.put(p, ctx.getLogger(p).getLevel()));
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        saved.forEach((name, level) -> ctx.getLogger(name).setLevel(level)); // null: inherit again, as before
    }
}
