package dev.ferry.policy.pinning;

import dev.ferry.multiformats.Cid;
import java.io.IOException;

/**
 * Remote pinning services (IPFS Pinning Service API) as a policy's other holders: the node implements it over the
 * services configured in {@code Pinning.RemoteServices}.
 */
public interface RemotePinning {
    /** Asks {@code service} to pin {@code root} (this node offered as its origin); returns the request id. */
    String add(String service, Cid root, String name) throws IOException;

    /**
     * The request's status: {@code queued}, {@code pinning}, {@code pinned}, {@code failed}, or {@code gone} when the
     * service no longer knows it.
     */
    String status(String service, String requestId) throws IOException;

    /** Deletes the request (done when the service no longer knows it). */
    void remove(String service, String requestId) throws IOException;
}
