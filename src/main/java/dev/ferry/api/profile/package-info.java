/**
 * Kubo's {@code diag profile} for a JVM node: a zip of the running process's debugging data for bug reports (thread
 * stacks, a class histogram, a JFR recording, the node's version and state), streamed as it is collected.
 *
 * <h2>Bounds</h2>
 * One profile at a time per process ({@link dev.ferry.api.profile.Profiler}); the recording lasts at most
 * {@link dev.ferry.api.profile.ProfileOptions#MAX_PROFILE_TIME}; what the JVM writes to files (thread dumps, the
 * recording) goes to a private scratch directory deleted whatever happens, and from there into the zip, so nothing
 * large is held in memory. While recording, a line of runtime figures is flushed to the client every second: a client
 * that went away is noticed within a second or two and the recording is stopped.
 *
 * <h2>Privacy</h2>
 * No heap dump (it would hold the private key, access secrets and content), no private key or access secret (the
 * config is shown as {@code config show} shows it), no interface addresses; JFR's events on the process's environment
 * variables, system properties, command line and the machine's other processes are switched off.
 */
package dev.ferry.api.profile;
