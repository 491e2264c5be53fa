package dev.ferry.net.autonat;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of AutoNAT's server and client; {@link #defaults()} are go-libp2p's (and so Kubo's).
 *
 * @param globalLimit          dial-backs served per {@code throttleInterval} to everyone together; 0: unlimited
 * @param peerLimit            dial-backs served per {@code throttleInterval} to one peer; 0: unlimited
 * @param throttleInterval     the window both limits count in
 * @param dialTimeout          the time a dial-back has, all addresses together; a failed one is answered only when it
 *                             is over, so that the answer's timing says nothing of the requester's ports
 * @param maxDialAddresses     addresses tried per dial-back (the observed one included)
 * @param allowPrivate         whether loopback and private addresses may be dialled, and their peers asked: off on
 *                             the Internet (they name another machine for each peer), on for tests and closed networks
 * @param bootDelay            the client's wait after start before its first probe
 * @param retryInterval        the wait between probes while reachability is unknown or uncertain
 * @param refreshInterval      the wait between probes once confident
 * @param peerProbeInterval    the least time between two probes through the same server
 * @param requestTimeout       the longest the client waits for a server's answer
 */
public record AutonatConfig(
        int globalLimit,
        int peerLimit,
        Duration throttleInterval,
        Duration dialTimeout,
        int maxDialAddresses,
        boolean allowPrivate,
        Duration bootDelay,
        Duration retryInterval,
        Duration refreshInterval,
        Duration peerProbeInterval,
        Duration requestTimeout) {

    public AutonatConfig {
        if (globalLimit < 0 || peerLimit < 0) {
            throw new IllegalArgumentException("AutoNAT limits must not be negative");
        }
        if (maxDialAddresses < 1 || maxDialAddresses > 64) {
            throw new IllegalArgumentException("maxDialAddresses outside [1, 64]: " + maxDialAddresses);
        }
        positive(throttleInterval, "throttleInterval");
        positive(dialTimeout, "dialTimeout");
        Objects.requireNonNull(bootDelay, "bootDelay");
        positive(retryInterval, "retryInterval");
        positive(refreshInterval, "refreshInterval");
        Objects.requireNonNull(peerProbeInterval, "peerProbeInterval");
        positive(requestTimeout, "requestTimeout");
    }

    public static AutonatConfig defaults() {
        return new AutonatConfig(30, 3, Duration.ofMinutes(1), Duration.ofSeconds(15), 16, false,
                Duration.ofSeconds(15), Duration.ofSeconds(90), Duration.ofMinutes(15), Duration.ofSeconds(90),
                Duration.ofSeconds(30));
    }

    /** Kubo's {@code AutoNAT.Throttle}: {@code GlobalLimit}, {@code PeerLimit} and {@code Interval}. */
    public AutonatConfig withThrottle(int global, int perPeer, Duration interval) {
        return new AutonatConfig(global, perPeer, interval, dialTimeout, maxDialAddresses, allowPrivate, bootDelay,
                retryInterval, refreshInterval, peerProbeInterval, requestTimeout);
    }

    public AutonatConfig withDialTimeout(Duration d) {
        return new AutonatConfig(globalLimit, peerLimit, throttleInterval, d, maxDialAddresses, allowPrivate,
                bootDelay, retryInterval, refreshInterval, peerProbeInterval, requestTimeout);
    }

    public AutonatConfig withAllowPrivate(boolean allow) {
        return new AutonatConfig(globalLimit, peerLimit, throttleInterval, dialTimeout, maxDialAddresses, allow,
                bootDelay, retryInterval, refreshInterval, peerProbeInterval, requestTimeout);
    }

    /** The client's timing: first probe, probes while uncertain, probes once confident, reuse of one server. */
    public AutonatConfig withSchedule(Duration boot, Duration retry, Duration refresh, Duration perServer) {
        return new AutonatConfig(globalLimit, peerLimit, throttleInterval, dialTimeout, maxDialAddresses, allowPrivate,
                boot, retry, refresh, perServer, requestTimeout);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (!d.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
