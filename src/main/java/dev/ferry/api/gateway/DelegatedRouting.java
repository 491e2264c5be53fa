package dev.ferry.api.gateway;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ipns.IpnsName;
import java.util.List;
import java.util.Optional;

/** What the Delegated Routing V1 HTTP API ({@code /routing/v1/}) asks of the node behind the gateway. */
public interface DelegatedRouting {
    /** A peer record of the API: its ID, addresses and transfer protocols ({@code transport-bitswap}). */
    record Peer(PeerId id, List<String> addrs, List<String> protocols) {}

    /** Up to {@code max} providers of {@code cid}. */
    List<Peer> providers(Cid cid, int max);

    /** What is known of {@code peer}: one record, or none. */
    Optional<Peer> peer(PeerId peer);

    /**
     * Up to {@code max} peers nearest to {@code key} (a multihash: a peer ID's, or a CID's) in the DHT's key space,
     * nearest first; none when there is no DHT to ask.
     */
    List<Peer> closestPeers(byte[] key, int max);

    /** The best valid record of {@code name}. */
    Optional<GatewayNames.NameRecord> ipns(IpnsName name);

    /**
     * Verifies {@code record} as a record of {@code name} and puts it on the network.
     *
     * @throws IllegalArgumentException if it is not a valid record of the name
     */
    void putIpns(IpnsName name, byte[] record);
}
