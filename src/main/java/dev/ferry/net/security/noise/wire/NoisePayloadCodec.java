package dev.ferry.net.security.noise.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.net.security.noise.wire.NoisePayloadProto.NoiseExtensions;
import dev.ferry.net.security.noise.wire.NoisePayloadProto.NoiseHandshakePayload;
import java.util.List;

/** Encodes and strictly decodes {@link NoisePayload}. */
public final class NoisePayloadCodec {
    /** Caps well above any real key (RSA-4096 PublicKey ≈ 550 bytes, its signature 512). */
    public static final int MAX_KEY = 4096;
    public static final int MAX_SIG = 1024;
    public static final int MAX_MUXERS = 16;

    private NoisePayloadCodec() {}

    public static byte[] encode(NoisePayload p) {
        NoiseHandshakePayload.Builder b = NoiseHandshakePayload.newBuilder()
                .setIdentityKey(com.google.protobuf.ByteString.copyFrom(p.identityKey()))
                .setIdentitySig(com.google.protobuf.ByteString.copyFrom(p.identitySig()));
        if (!p.streamMuxers().isEmpty()) {
            b.setExtensions(NoiseExtensions.newBuilder().addAllStreamMuxers(p.streamMuxers()));
        }
        return b.build().toByteArray();
    }

    /**
     * Decodes a payload; the caller has already bounded {@code bytes} by the handshake frame cap.
     *
     * @throws IllegalArgumentException on malformed protobuf, a missing key or signature, or a field above its cap
     */
    public static NoisePayload decode(byte[] bytes) {
        NoiseHandshakePayload m;
        try {
            m = NoiseHandshakePayload.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed noise payload: " + e.getMessage(), e);
        }
        if (!m.hasIdentityKey() || m.getIdentityKey().isEmpty()) {
            throw new IllegalArgumentException("noise payload without identity_key");
        }
        if (!m.hasIdentitySig() || m.getIdentitySig().isEmpty()) {
            throw new IllegalArgumentException("noise payload without identity_sig");
        }
        if (m.getIdentityKey().size() > MAX_KEY || m.getIdentitySig().size() > MAX_SIG) {
            throw new IllegalArgumentException("noise payload key or signature too large");
        }
        List<String> muxers = m.hasExtensions() ? m.getExtensions().getStreamMuxersList() : List.of();
        if (muxers.size() > MAX_MUXERS) {
            throw new IllegalArgumentException("too many stream muxers in noise payload: " + muxers.size());
        }
        return new NoisePayload(m.getIdentityKey().toByteArray(), m.getIdentitySig().toByteArray(), muxers);
    }
}
