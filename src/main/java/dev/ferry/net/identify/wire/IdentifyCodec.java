package dev.ferry.net.identify.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.net.identify.wire.IdentifyProto.Identify;
import java.util.ArrayList;
import java.util.List;

/** Encodes and strictly decodes one identify protobuf (without its varint length prefix). */
public final class IdentifyCodec {
    public static final int MAX_ADDRS = 64;
    public static final int MAX_PROTOCOLS = 256;
    public static final int MAX_STRING = 1024;

    private IdentifyCodec() {}

    public static byte[] encode(IdentifyMessage m) {
        Identify.Builder b = Identify.newBuilder();
        if (m.publicKey() != null) {
            b.setPublicKey(ByteString.copyFrom(m.publicKey()));
        }
        for (byte[] a : m.listenAddrs()) {
            b.addListenAddrs(ByteString.copyFrom(a));
        }
        b.addAllProtocols(m.protocols());
        if (m.observedAddr() != null) {
            b.setObservedAddr(ByteString.copyFrom(m.observedAddr()));
        }
        if (m.protocolVersion() != null) {
            b.setProtocolVersion(m.protocolVersion());
        }
        if (m.agentVersion() != null) {
            b.setAgentVersion(m.agentVersion());
        }
        if (m.signedPeerRecord() != null) {
            b.setSignedPeerRecord(ByteString.copyFrom(m.signedPeerRecord()));
        }
        return b.build().toByteArray();
    }

    /**
     * Decodes one message; the caller bounded {@code bytes} already.
     *
     * @throws IllegalArgumentException on malformed protobuf or a field beyond its cap
     */
    public static IdentifyMessage decode(byte[] bytes) {
        Identify m;
        try {
            m = Identify.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("malformed identify message: " + e.getMessage(), e);
        }
        if (m.getListenAddrsCount() > MAX_ADDRS || m.getProtocolsCount() > MAX_PROTOCOLS) {
            throw new IllegalArgumentException("identify message lists too many addresses or protocols");
        }
        List<byte[]> addrs = new ArrayList<>();
        for (ByteString a : m.getListenAddrsList()) {
            addrs.add(a.toByteArray());
        }
        for (String p : m.getProtocolsList()) {
            checkString(p);
        }
        if (m.hasAgentVersion()) {
            checkString(m.getAgentVersion());
        }
        if (m.hasProtocolVersion()) {
            checkString(m.getProtocolVersion());
        }
        return new IdentifyMessage(
                m.hasPublicKey() ? m.getPublicKey().toByteArray() : null,
                addrs, m.getProtocolsList(),
                m.hasObservedAddr() ? m.getObservedAddr().toByteArray() : null,
                m.hasProtocolVersion() ? m.getProtocolVersion() : null,
                m.hasAgentVersion() ? m.getAgentVersion() : null,
                m.hasSignedPeerRecord() ? m.getSignedPeerRecord().toByteArray() : null,
                m.getListenAddrsCount() > 0, m.getProtocolsCount() > 0);
    }

    private static void checkString(String s) {
        if (s.length() > MAX_STRING) {
            throw new IllegalArgumentException("identify string longer than " + MAX_STRING);
        }
    }
}
