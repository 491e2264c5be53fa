package dev.ferry.exchange.ferry.wire;

import java.util.List;

/**
 * A {@code Record} message with plain field values, as on the wire; the domain codec validates the meaning (DID,
 * node type, URL, multiaddrs, Bloom filter). Empty strings and zero numbers are the protobuf defaults (absent).
 */
public record WireRecord(String did, long seq, boolean hasIpfs, boolean ipfsEnabled, int ipfsType, String gatewayUrl,
        List<byte[]> swarmAddrs, byte[] contentIndex, boolean hasBandwidth, long uploadBytesPerSecond,
        long downloadBytesPerSecond) {

    public WireRecord {
        swarmAddrs = List.copyOf(swarmAddrs);
        if (did == null || gatewayUrl == null || contentIndex == null) {
            throw new IllegalArgumentException("did, gatewayUrl and contentIndex must not be null (use empty values)");
        }
    }
}
