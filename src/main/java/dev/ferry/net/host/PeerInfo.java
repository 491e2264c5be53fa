package dev.ferry.net.host;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Multiaddr;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the host knows about one peer (an immutable snapshot from the {@link PeerStore}).
 *
 * @param addresses       transport addresses (without /p2p), most recently learned last
 * @param protocols       protocols the peer said it serves (identify)
 * @param publicKey       its identity key, once seen in a handshake or identify (nullable)
 * @param agentVersion    identify agentVersion (nullable)
 * @param protocolVersion identify protocolVersion (nullable)
 * @param latency         smoothed ping round trip (nullable)
 * @param updatedAt       last change
 */
public record PeerInfo(PeerId peerId, List<Multiaddr> addresses, Set<String> protocols, PublicKey publicKey,
        String agentVersion, String protocolVersion, Duration latency, Instant updatedAt) {
    public PeerInfo {
        addresses = List.copyOf(addresses);
        protocols = Set.copyOf(protocols);
    }

    static PeerInfo empty(PeerId peer, Instant now) {
        return new PeerInfo(peer, List.of(), Set.of(), null, null, null, null, now);
    }

    public Optional<PublicKey> publicKeyIfKnown() {
        return Optional.ofNullable(publicKey);
    }

    public Optional<String> agent() {
        return Optional.ofNullable(agentVersion);
    }

    public Optional<Duration> latencyIfKnown() {
        return Optional.ofNullable(latency);
    }
}
