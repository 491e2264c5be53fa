package dev.ferry.routing.dht.wire;

import java.util.List;

/**
 * A peer as DHT messages carry it: its binary peer ID and addresses, and whether the sender is connected to it.
 *
 * @param connection 0 not connected, 1 connected, 2 can connect, 3 cannot connect
 */
public record DhtPeer(byte[] id, List<byte[]> addrs, int connection) {
    public DhtPeer {
        id = id.clone();
        addrs = List.copyOf(addrs);
    }

    @Override
    public byte[] id() {
        return id.clone();
    }
}
