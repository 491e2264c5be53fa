package dev.ferry.net.identify.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One identify message. Absent optional fields are null; in a push they mean "unchanged". Addresses are binary
 * multiaddrs (decoded by the caller, which skips the ones it cannot parse).
 */
public record IdentifyMessage(byte[] publicKey, List<byte[]> listenAddrs, List<String> protocols, byte[] observedAddr,
        String protocolVersion, String agentVersion, byte[] signedPeerRecord, boolean hasListenAddrs,
        boolean hasProtocols) {

    public IdentifyMessage {
        listenAddrs = List.copyOf(listenAddrs);
        protocols = List.copyOf(protocols);
    }

    public static IdentifyMessage of(byte[] publicKey, List<byte[]> listenAddrs, List<String> protocols,
            byte[] observedAddr, String protocolVersion, String agentVersion) {
        return new IdentifyMessage(publicKey, listenAddrs, protocols, observedAddr, protocolVersion, agentVersion,
                null, true, true);
    }

    /** This message carrying {@code record}, a signed peer record envelope. */
    public IdentifyMessage withSignedPeerRecord(byte[] record) {
        return new IdentifyMessage(publicKey, listenAddrs, protocols, observedAddr, protocolVersion, agentVersion,
                record, hasListenAddrs, hasProtocols);
    }

    public Optional<byte[]> publicKeyIfPresent() {
        return Optional.ofNullable(publicKey);
    }

    /**
     * Merges a later message into this one (go-libp2p splits large replies in two): present scalars replace,
     * repeated fields are appended.
     */
    public IdentifyMessage merge(IdentifyMessage later) {
        List<byte[]> addrs = new ArrayList<>(listenAddrs);
        addrs.addAll(later.listenAddrs);
        List<String> protos = new ArrayList<>(protocols);
        for (String p : later.protocols) {
            if (!protos.contains(p)) {
                protos.add(p);
            }
        }
        return new IdentifyMessage(
                later.publicKey != null ? later.publicKey : publicKey,
                addrs, protos,
                later.observedAddr != null ? later.observedAddr : observedAddr,
                later.protocolVersion != null ? later.protocolVersion : protocolVersion,
                later.agentVersion != null ? later.agentVersion : agentVersion,
                later.signedPeerRecord != null ? later.signedPeerRecord : signedPeerRecord,
                hasListenAddrs || later.hasListenAddrs,
                hasProtocols || later.hasProtocols);
    }
}
