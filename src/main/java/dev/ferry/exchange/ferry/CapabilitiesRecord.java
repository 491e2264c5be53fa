package dev.ferry.exchange.ferry;

import dev.ferry.identity.Did;
import dev.ferry.multiformats.Cid;
import java.util.Objects;

/**
 * What a node says about itself: its DID, a sequence number (strictly increasing per DID; the newest wins), its IPFS
 * node, its content index (a Bloom filter over the multihashes it is willing to serve) and its bandwidth offer.
 * Immutable. Only a {@link SignedCapabilities} travels; a record received from a peer was verified against the key the
 * peer's connection proved.
 */
public record CapabilitiesRecord(Did did, long seq, IpfsNode ipfs, BloomFilter contentIndex, BandwidthLimit bandwidth) {
    public CapabilitiesRecord {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(ipfs, "ipfs");
        Objects.requireNonNull(contentIndex, "contentIndex");
        Objects.requireNonNull(bandwidth, "bandwidth");
        if (seq < 0) {
            throw new IllegalArgumentException("sequence number must be >= 0: " + seq);
        }
    }

    /**
     * Whether the node may serve {@code cid} according to its index (false positives possible, no false negatives for
     * what it announced). Identity CIDs carry their content and are always available.
     */
    public boolean mightServe(Cid cid) {
        return cid.isIdentity() || contentIndex.mightContain(cid);
    }

    public CapabilitiesRecord withSeq(long newSeq) {
        return new CapabilitiesRecord(did, newSeq, ipfs, contentIndex, bandwidth);
    }
}
