package dev.ferry.net.security.noise.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.net.security.noise.wire.NoisePayloadProto.NoiseExtensions;
import dev.ferry.net.security.noise.wire.NoisePayloadProto.NoiseHandshakePayload;
import java.util.ArrayList;
import java.util.List;

/** Encodes and strictly decodes {@link NoisePayload}. */
public final class NoisePayloadCodec {
    /** Caps well above any real key (RSA-4096 PublicKey ≈ 550 bytes, its signature 512). */
    public static final int MAX_KEY = 4096;
    public static final int MAX_SIG = 1024;
    public static final int MAX_MUXERS = 16;
    /** A muxer id is a protocol id: multistream-select caps those at a few hundred bytes, real ones are ~15. */
    public static final int MAX_MUXER_ID = 256;

    private NoisePayloadCodec() {}

    public static byte[] encode(NoisePayload p) {
        NoiseHandshakePayload.Builder b = NoiseHandshakePayload.newBuilder()
                .setIdentityKey(ByteString.copyFrom(p.identityKey()))
                .setIdentitySig(ByteString.copyFrom(p.identitySig()));
        if (!p.streamMuxers().isEmpty()) {
            b.setExtensions(NoiseExtensions.newBuilder().addAllStreamMuxers(p.streamMuxers()));
        }
        return b.build().toByteArray();
    }

    /**
     * Decodes a payload; the caller has already bounded {@code bytes} by the handshake frame cap.
     *
     * Fields and extensions this codec does not know (WebTransport certificate hashes, later additions) are skipped,
     * as protobuf allows; the muxer ids it reads are checked as protocol ids.
     *
     * @throws IllegalArgumentException on malformed protobuf, a missing key or signature, a field above its cap, or
     *                                  a muxer id that is empty, too long or not UTF-8
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
        return new NoisePayload(m.getIdentityKey().toByteArray(), m.getIdentitySig().toByteArray(), muxers(m));
    }

    private static List<String> muxers(NoiseHandshakePayload m) {
        if (!m.hasExtensions()) {
            return List.of();
        }
        NoiseExtensions ext = m.getExtensions();
        int n = ext.getStreamMuxersCount();
        if (n > MAX_MUXERS) {
            throw new IllegalArgumentException("too many stream muxers in noise payload: " + n);
        }
        List<String> muxers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ByteString id = ext.getStreamMuxersBytes(i); // proto2 strings are not checked for UTF-8 by the parser
            if (id.isEmpty() || id.size() > MAX_MUXER_ID || !id.isValidUtf8()) {
                throw new IllegalArgumentException("bad stream muxer id in noise payload (" + id.size()
                        + " bytes; 1.." + MAX_MUXER_ID + " bytes of UTF-8 expected)");
            }
            muxers.add(id.toStringUtf8());
        }
        return muxers;
    }
}
