package dev.ferry.net.security.noise.wire;

import java.util.List;
import java.util.Objects;

/**
 * The libp2p Noise handshake payload.
 *
 * @param identityKey  the sender's libp2p PublicKey in protobuf form
 * @param identitySig  signature by that key over {@code "noise-libp2p-static-key:" ‖ static X25519 public key}
 * @param streamMuxers muxers from the r5 extensions (empty when absent)
 */
public record NoisePayload(byte[] identityKey, byte[] identitySig, List<String> streamMuxers) {
    public NoisePayload {
        identityKey = Objects.requireNonNull(identityKey, "identityKey").clone();
        identitySig = Objects.requireNonNull(identitySig, "identitySig").clone();
        streamMuxers = List.copyOf(streamMuxers);
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public byte[] identitySig() {
        return identitySig.clone();
    }
}
