package dev.ferry.net.security.noise;

import java.util.List;
import java.util.Optional;

/**
 * Early muxer negotiation over Noise (libp2p specs, connections/inlined-muxer-negotiation.md): the responder lists its
 * muxers in the extensions of message 2, the initiator its own in message 3, in its order of preference. Both sides
 * then pick alike: the first muxer of the initiator's list that the responder's list holds.
 */
final class EarlyMuxer {
    private EarlyMuxer() {}

    /**
     * @return the agreed muxer, or empty when either side listed none (a peer without the extension: the muxer is then
     *         negotiated with multistream-select after the handshake)
     * @throws NoiseException both sides listed muxers but none in common, which the spec makes a handshake failure
     */
    static Optional<String> agree(List<String> initiator, List<String> responder) throws NoiseException {
        if (initiator.isEmpty() || responder.isEmpty()) {
            return Optional.empty();
        }
        for (String m : initiator) {
            if (responder.contains(m)) {
                return Optional.of(m);
            }
        }
        throw new NoiseException("no stream muxer in common: the initiator offers " + initiator
                + ", the responder " + responder);
    }
}
