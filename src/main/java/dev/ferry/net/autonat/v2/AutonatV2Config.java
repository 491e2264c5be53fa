package dev.ferry.net.autonat.v2;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of AutoNAT v2's server and client; {@link #defaults()} are go-libp2p's (and so Kubo's, which does not
 * let {@code AutoNAT.Throttle} touch v2).
 *
 * @param globalPerMinute        requests served a minute to everyone together (a sliding minute); 0: unlimited
 * @param peerPerMinute          requests served a minute to one peer; 0: unlimited
 * @param dialDataPerMinute      requests a minute that need dial data (a dial to another IP than the requester's)
 * @param concurrentPerPeer      requests of one peer served at the same time
 * @param minDialData            the least dial data asked for (the spec says 30 kB to 100 kB)
 * @param maxDialData            the most dial data asked for; also the most the client sends when asked
 * @param dialDataWait           dial-backs after dial data wait a random time up to this, so that many servers
 *                               made to dial one victim do not all dial at once
 * @param dialTimeout            the time a dial-back has to connect
 * @param dialBackStreamTimeout  the time the nonce has to be delivered on the dial-back stream
 * @param streamTimeout          the time a whole request may take, on both sides
 * @param allowPrivate           whether loopback and private addresses may be dialled and asked about: off on the
 *                               Internet, on for tests and closed networks
 * @param bootDelay              the client's wait after start before its first round of probes
 * @param retryInterval          the wait between rounds while some address's verdict is not confident
 * @param refreshInterval        the wait between rounds once all are (an address is probed again an hour after its
 *                               last result anyway)
 * @param serverInterval         the least time between two requests to the same server
 */
public record AutonatV2Config(
        int globalPerMinute,
        int peerPerMinute,
        int dialDataPerMinute,
        int concurrentPerPeer,
        long minDialData,
        long maxDialData,
        Duration dialDataWait,
        Duration dialTimeout,
        Duration dialBackStreamTimeout,
        Duration streamTimeout,
        boolean allowPrivate,
        Duration bootDelay,
        Duration retryInterval,
        Duration refreshInterval,
        Duration serverInterval) {

    public AutonatV2Config {
        if (globalPerMinute < 0 || peerPerMinute < 0 || dialDataPerMinute < 0 || concurrentPerPeer < 1) {
            throw new IllegalArgumentException("AutoNAT v2 limits must not be negative, nor concurrency below 1");
        }
        if (minDialData < 1 || maxDialData < minDialData) {
            throw new IllegalArgumentException("AutoNAT v2 dial data bounds out of order: " + minDialData + ", "
                    + maxDialData);
        }
        Objects.requireNonNull(dialDataWait, "dialDataWait");
        positive(dialTimeout, "dialTimeout");
        positive(dialBackStreamTimeout, "dialBackStreamTimeout");
        positive(streamTimeout, "streamTimeout");
        Objects.requireNonNull(bootDelay, "bootDelay");
        positive(retryInterval, "retryInterval");
        positive(refreshInterval, "refreshInterval");
        Objects.requireNonNull(serverInterval, "serverInterval");
    }

    public static AutonatV2Config defaults() {
        return new AutonatV2Config(60, 12, 12, 2, 30_000, 100_000, Duration.ofSeconds(3), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(15), false, Duration.ofSeconds(15), Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofMinutes(2));
    }

    public AutonatV2Config withAllowPrivate(boolean allow) {
        return new AutonatV2Config(globalPerMinute, peerPerMinute, dialDataPerMinute, concurrentPerPeer, minDialData,
                maxDialData, dialDataWait, dialTimeout, dialBackStreamTimeout, streamTimeout, allow, bootDelay,
                retryInterval, refreshInterval, serverInterval);
    }

    /** The server's rate limits. */
    public AutonatV2Config withLimits(int global, int perPeer, int dialData, int concurrent) {
        return new AutonatV2Config(global, perPeer, dialData, concurrent, minDialData, maxDialData, dialDataWait,
                dialTimeout, dialBackStreamTimeout, streamTimeout, allowPrivate, bootDelay, retryInterval,
                refreshInterval, serverInterval);
    }

    /** The dial data a server asks for, and the wait after it. */
    public AutonatV2Config withDialData(long min, long max, Duration wait) {
        return new AutonatV2Config(globalPerMinute, peerPerMinute, dialDataPerMinute, concurrentPerPeer, min, max,
                wait, dialTimeout, dialBackStreamTimeout, streamTimeout, allowPrivate, bootDelay, retryInterval,
                refreshInterval, serverInterval);
    }

    public AutonatV2Config withDialTimeout(Duration d) {
        return new AutonatV2Config(globalPerMinute, peerPerMinute, dialDataPerMinute, concurrentPerPeer, minDialData,
                maxDialData, dialDataWait, d, dialBackStreamTimeout, streamTimeout, allowPrivate, bootDelay,
                retryInterval, refreshInterval, serverInterval);
    }

    /** The client's timing: first round, rounds while unsure, rounds once confident, reuse of one server. */
    public AutonatV2Config withSchedule(Duration boot, Duration retry, Duration refresh, Duration perServer) {
        return new AutonatV2Config(globalPerMinute, peerPerMinute, dialDataPerMinute, concurrentPerPeer, minDialData,
                maxDialData, dialDataWait, dialTimeout, dialBackStreamTimeout, streamTimeout, allowPrivate, boot,
                retry, refresh, perServer);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (!d.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
