package dev.ferry.net.relay;

import dev.ferry.net.relay.wire.Limit;
import java.time.Duration;
import java.util.Objects;

/**
 * The relay service's limits, with Kubo's {@code Swarm.RelayService} names and defaults. Memory stays bounded whatever
 * peers do: at most {@code maxReservations} reservations, each target at most {@code maxCircuits} circuits (so at
 * most {@code maxReservations × maxCircuits} circuits), each circuit two buffers of {@code bufferSize} bytes.
 *
 * @param connectionDurationLimit {@code ConnectionDurationLimit}: a circuit is reset this long after it opened
 * @param connectionDataLimit     {@code ConnectionDataLimit}: a circuit is reset once it would carry more bytes in
 *                                one direction; 0: no limit
 * @param reservationTtl          {@code ReservationTTL}: how long a new or refreshed reservation lasts
 * @param maxReservations         {@code MaxReservations}: reservations held at once
 * @param maxCircuits             {@code MaxCircuits}: circuits open at once per peer (as initiator or target)
 * @param bufferSize              {@code BufferSize}: the copy buffer of each direction of a circuit
 * @param maxReservationsPerPeer  {@code MaxReservationsPerPeer}: reservations one peer may hold (a refresh replaces
 *                                the peer's own, so only 0 changes anything: no reservations at all)
 * @param maxReservationsPerIp    {@code MaxReservationsPerIP}: reservations from one IP address
 */
public record RelayLimits(
        Duration connectionDurationLimit,
        long connectionDataLimit,
        Duration reservationTtl,
        int maxReservations,
        int maxCircuits,
        int bufferSize,
        int maxReservationsPerPeer,
        int maxReservationsPerIp) {

    public RelayLimits {
        Objects.requireNonNull(connectionDurationLimit, "connectionDurationLimit");
        Objects.requireNonNull(reservationTtl, "reservationTtl");
        if (connectionDurationLimit.isNegative() || connectionDurationLimit.toSeconds() > Limit.MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("ConnectionDurationLimit out of range: " + connectionDurationLimit);
        }
        if (!reservationTtl.isPositive() || reservationTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("ReservationTTL must be at least 1s: " + reservationTtl);
        }
        nonNegative(connectionDataLimit, "ConnectionDataLimit");
        nonNegative(maxReservations, "MaxReservations");
        nonNegative(maxCircuits, "MaxCircuits");
        nonNegative(maxReservationsPerPeer, "MaxReservationsPerPeer");
        nonNegative(maxReservationsPerIp, "MaxReservationsPerIP");
        if (bufferSize < 256 || bufferSize > 1 << 20) {
            throw new IllegalArgumentException("BufferSize outside [256, 1048576]: " + bufferSize);
        }
    }

    /** Kubo's defaults: 2m and 128 KiB per circuit, 1h reservations, 128 of them, 16 circuits per peer. */
    public static RelayLimits defaults() {
        return new RelayLimits(Duration.ofMinutes(2), 128 * 1024, Duration.ofHours(1), 128, 16, 2048, 4, 8);
    }

    /** The limit told to both ends of each circuit. */
    public Limit circuitLimit() {
        return Limit.of(connectionDurationLimit, connectionDataLimit);
    }

    public RelayLimits withCircuitLimit(Duration duration, long data) {
        return new RelayLimits(duration, data, reservationTtl, maxReservations, maxCircuits, bufferSize,
                maxReservationsPerPeer, maxReservationsPerIp);
    }

    public RelayLimits withReservations(Duration ttl, int max, int perPeer, int perIp) {
        return new RelayLimits(connectionDurationLimit, connectionDataLimit, ttl, max, maxCircuits, bufferSize, perPeer,
                perIp);
    }

    public RelayLimits withCircuits(int max, int buffer) {
        return new RelayLimits(connectionDurationLimit, connectionDataLimit, reservationTtl, maxReservations, max,
                buffer, maxReservationsPerPeer, maxReservationsPerIp);
    }

    private static void nonNegative(long v, String name) {
        if (v < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + v);
        }
    }
}
