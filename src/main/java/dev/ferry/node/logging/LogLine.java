package dev.ferry.node.logging;

import java.time.Instant;
import java.util.Optional;

/**
 * One log event as {@code log tail} sends it, copied out of logback's event when it happens so that the reader may
 * format it later on its own thread.
 *
 * @param level Kubo's name of the level: debug, info, warn, error (logback's TRACE is reported as debug)
 * @param subsystem the subsystem of the logger, or the logger's full name outside the table
 * @param error the attached exception's class and message, if any
 */
public record LogLine(Instant time, String level, String subsystem, String message, Optional<String> error) {}
