package dev.ferry.node.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Kubo's log levels on logback. debug, info, warn and error are logback's levels of the same names; dpanic, panic and
 * fatal (zap's levels above error) all become ERROR: logback has nothing above it, and ferry logs nothing graver, so
 * ERROR is what "only the gravest messages" means here (OFF would also silence errors, which none of them do in Kubo).
 */
public final class LogLevels {
    private LogLevels() {}

    /**
     * The logback level for a Kubo level name, in any case as zap reads it (an empty name is info, zap's zero
     * value). Unknown names fail with zap's message.
     */
    public static Level parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "info", "" -> Level.INFO;
            case "warn" -> Level.WARN;
            case "error", "dpanic", "panic", "fatal" -> Level.ERROR;
            default -> throw new IllegalArgumentException("unrecognized level: " + quoted(name));
        };
    }

    /**
     * Sets the level of one subsystem, or of every subsystem and the root logger for {@code all} or {@code *}.
     * Unknown subsystems fail with go-log's message.
     */
    public static void set(String subsystem, String level) {
        Level l = parse(level);
        LoggerContext ctx = context();
        if (subsystem.equals(LogSubsystems.ALL) || subsystem.equals("*")) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(l);
            LogSubsystems.all().values().forEach(p -> ctx.getLogger(p).setLevel(l));
            return;
        }
        String prefix = LogSubsystems.prefix(subsystem)
                .orElseThrow(() -> new IllegalArgumentException("error: No such logger"));
        ctx.getLogger(prefix).setLevel(l);
    }

    /** The logback context SLF4J is bound to; anything else means logging is not logback and cannot be steered. */
    static LoggerContext context() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            return ctx;
        }
        throw new IllegalStateException("logging is not backed by logback; log levels cannot be changed");
    }

    /** Go's %q for the plain strings a level name is. */
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
