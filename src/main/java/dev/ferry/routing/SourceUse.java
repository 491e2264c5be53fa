package dev.ferry.routing;

import java.util.Objects;

/**
 * What one source delivered to a fetch session: the verified blocks it stored, and their bytes.
 *
 * @param type {@code peer} (a ferry peer's own copy), {@code proxy} (a ferry peer fetching for us), {@code ipfs}
 *             (this node's Bitswap) or {@code gateway}
 * @param id   the peer ID or the gateway URL; empty when the source is not one party (the IPFS network)
 */
public record SourceUse(String type, String id, long blocks, long bytes) {
    public SourceUse {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        if (blocks < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative counts");
        }
    }
}
