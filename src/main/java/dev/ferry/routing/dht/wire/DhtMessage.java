package dev.ferry.routing.dht.wire;

import java.util.List;
import java.util.Objects;

/**
 * One DHT request or response. Peers and keys stay bytes here: the codec checks sizes and counts, the DHT decides
 * what they mean.
 *
 * @param key           the key asked about (a peer ID for FIND_NODE, a multihash for providers); empty when none
 * @param record        a value record (GET_VALUE/PUT_VALUE), null when none
 * @param closerPeers   peers closer to the key that the responder knows
 * @param providerPeers peers that provide the key (GET_PROVIDERS answers, ADD_PROVIDER requests)
 */
public record DhtMessage(DhtMessageType type, byte[] key, DhtRecord record, List<DhtPeer> closerPeers,
        List<DhtPeer> providerPeers) {
    public DhtMessage {
        Objects.requireNonNull(type, "type");
        key = key == null ? new byte[0] : key.clone();
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    /** A request with only a type and a key. */
    public static DhtMessage request(DhtMessageType type, byte[] key) {
        return new DhtMessage(type, key, null, List.of(), List.of());
    }

    @Override
    public byte[] key() {
        return key.clone();
    }
}
