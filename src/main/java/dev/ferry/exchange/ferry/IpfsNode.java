package dev.ferry.exchange.ferry;

import dev.ferry.multiformats.Multiaddr;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The IPFS side of a node: whether it serves IPFS, of which {@link IpfsNodeType}, its public gateway (an absolute
 * http or https URL, if any) and its swarm addresses (at most 32).
 */
public record IpfsNode(boolean enabled, IpfsNodeType type, Optional<URI> publicGateway, List<Multiaddr> swarmAddresses) {
    public static final int MAX_SWARM_ADDRESSES = 32;

    public IpfsNode {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(publicGateway, "publicGateway");
        swarmAddresses = List.copyOf(swarmAddresses);
        if (swarmAddresses.size() > MAX_SWARM_ADDRESSES) {
            throw new IllegalArgumentException("more than " + MAX_SWARM_ADDRESSES + " swarm addresses");
        }
        publicGateway.ifPresent(IpfsNode::checkGateway);
    }

    /** A ferry node serving IPFS on {@code swarmAddresses}, without a public gateway. */
    public static IpfsNode ferry(List<Multiaddr> swarmAddresses) {
        return new IpfsNode(true, IpfsNodeType.FERRY, Optional.empty(), swarmAddresses);
    }

    /** No IPFS service announced. */
    public static IpfsNode disabled() {
        return new IpfsNode(false, IpfsNodeType.FERRY, Optional.empty(), List.of());
    }

    public IpfsNode withGateway(URI gateway) {
        return new IpfsNode(enabled, type, Optional.of(gateway), swarmAddresses);
    }

    /** @throws IllegalArgumentException unless an absolute http(s) URL with a host, at most 2048 characters */
    static void checkGateway(URI u) {
        String scheme = u.getScheme();
        if (!u.isAbsolute() || u.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))
                || u.toString().length() > 2048) {
            throw new IllegalArgumentException("public gateway must be an absolute http(s) URL: " + u);
        }
    }
}
