/**
 * Control of the running node's logging (Kubo's {@code ipfs log}): the named subsystems and the logger prefixes they
 * stand for ({@link dev.ferry.node.logging.LogSubsystems}), changing their levels with Kubo's level names
 * ({@link dev.ferry.node.logging.LogLevels}), and following log lines as they happen
 * ({@link dev.ferry.node.logging.LogTail}). Every layer logs through SLF4J; only this package talks to logback.
 */
package dev.ferry.node.logging;
