package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.bandwidth.MeteredStream;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.security.noise.NoiseSecurity;
import dev.ferry.net.security.noise.NoiseSession;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * Turns a raw connection into a {@link Connection}: multistream {@code /noise} → Noise XX → multistream
 * {@code /yamux/1.0.0} → Yamux. The whole upgrade must finish within {@link HostConfig#upgradeTimeout()}, else the raw
 * stream is reset. Runs on the caller's thread.
 */
final class Upgrader {
    private final Host host;
    private final NoiseSecurity noise;
    private final StreamMuxer muxer;
    private final InstantSource clock;

    Upgrader(Host host, NoiseSecurity noise, StreamMuxer muxer, InstantSource clock) {
        this.host = host;
        this.noise = noise;
        this.muxer = muxer;
        this.clock = clock;
    }

    /**
     * @param expected the peer a dial is meant for (null when accepting)
     * @throws dev.ferry.net.security.noise.PeerIdMismatchException when the dialled peer is someone else
     * @throws SocketTimeoutException when the upgrade did not finish in time
     */
    Connection upgrade(MeteredStream raw, Direction direction, PeerId expected, Multiaddr remote) throws IOException {
        boolean outbound = direction == Direction.OUTBOUND;
        try (Host.Timeout t = host.arm(host.config().upgradeTimeout(), raw::reset)) {
            try {
                NoiseSession secured;
                if (outbound) {
                    Multistream.select(raw, List.of(NoiseSecurity.PROTOCOL_ID));
                    secured = noise.secureOutbound(raw, expected);
                    Multistream.select(secured, List.of(muxer.protocolId()));
                } else {
                    Multistream.handle(raw, Set.of(NoiseSecurity.PROTOCOL_ID));
                    secured = noise.secureInbound(raw);
                    Multistream.handle(secured, Set.of(muxer.protocolId()));
                }
                MuxedConnection muxed = muxer.start(secured, outbound);
                if (t.expired()) {
                    muxed.close();
                    throw new SocketTimeoutException("upgrade timed out");
                }
                return new Connection(host, muxed, secured.remotePeer(), secured.remotePublicKey(), remote,
                        direction, clock.instant(), raw);
            } catch (IOException | RuntimeException e) {
                raw.reset();
                if (t.expired() && !(e instanceof SocketTimeoutException)) {
                    SocketTimeoutException te = new SocketTimeoutException(
                            "upgrade did not finish within " + host.config().upgradeTimeout());
                    te.initCause(e);
                    throw te;
                }
                throw e;
            }
        }
    }
}
