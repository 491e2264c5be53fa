package dev.ferry.exchange.ferry.request.wire;

import dev.ferry.exchange.ferry.request.Source;
import dev.ferry.multiformats.Cid;
import java.util.List;
import java.util.Objects;

/**
 * A request as it travels, decoded but not yet authorised: the requester DID is only text here (the service checks
 * it against the connection).
 *
 * @param ttl 0 … 2^32-1 (the service refuses values above its configured maximum)
 */
public record WireRequest(Cid root, String requester, List<Source> sources, long ttl) {
    public WireRequest {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(requester, "requester");
        sources = List.copyOf(sources);
        if (ttl < 0 || ttl > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ttl out of uint32 range");
        }
    }
}
