package dev.ferry.routing.router;

import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** A place a CID may come from. Closed set; {@link #type()} is the name used in explanations. */
public sealed interface Candidate {
    /** {@code local}, {@code peer}, {@code proxy}, {@code ipfs} or {@code gateway}. */
    String type();

    /** The ferry peer asked, for peer and proxy candidates. */
    default Optional<PeerId> peerOf() {
        return Optional.empty();
    }

    /** The DID the peer's connection proved, when its key has a did:key form. */
    default Optional<Did> didOf() {
        return Optional.empty();
    }

    /** Whether the content travels over ferry's own request protocol (as opposed to the IPFS stages). */
    default boolean p2p() {
        return false;
    }

    /** The local store. */
    record Local() implements Candidate {
        @Override
        public String type() {
            return "local";
        }
    }

    /**
     * A connected ferry peer asked for its own copy.
     *
     * @param trust      this node's trust level for the peer's DID (0..10)
     * @param indexMatch whether its content index claims the CID (and is not distrusted)
     * @param hasIpfs    whether its capabilities announce IPFS access
     */
    record FerryPeer(PeerId peer, Optional<Did> did, int trust, boolean indexMatch, boolean hasIpfs)
            implements Candidate {
        public FerryPeer {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(did, "did");
        }

        @Override
        public String type() {
            return "peer";
        }

        @Override
        public Optional<PeerId> peerOf() {
            return Optional.of(peer);
        }

        @Override
        public Optional<Did> didOf() {
            return did;
        }

        @Override
        public boolean p2p() {
            return true;
        }
    }

    /** A connected ferry peer with IPFS access whose index does not claim the CID: it may fetch it for us. */
    record Proxy(PeerId peer, Optional<Did> did, int trust) implements Candidate {
        public Proxy {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(did, "did");
        }

        @Override
        public String type() {
            return "proxy";
        }

        @Override
        public Optional<PeerId> peerOf() {
            return Optional.of(peer);
        }

        @Override
        public Optional<Did> didOf() {
            return did;
        }

        @Override
        public boolean p2p() {
            return true;
        }
    }

    /** The IPFS network through this node's own Bitswap. */
    record IpfsNetwork() implements Candidate {
        @Override
        public String type() {
            return "ipfs";
        }
    }

    /** One configured trustless gateway, with its pool score (0..1, higher is better). */
    record Gateway(URI uri, double score) implements Candidate {
        public Gateway {
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public String type() {
            return "gateway";
        }
    }
}
