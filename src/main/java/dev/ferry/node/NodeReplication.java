package dev.ferry.node;

import dev.ferry.exchange.ferry.CapabilitiesService;
import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.node.repo.Repo;
import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.policy.privacy.PrivateContent;
import dev.ferry.policy.replication.ReplicationConfig;
import dev.ferry.policy.replication.SwarmKeeping;
import dev.ferry.policy.replication.SwarmMember;
import dev.ferry.policy.replication.SwarmMembers;
import dev.ferry.policy.replication.SwarmPeers;
import dev.ferry.policy.replication.SwarmReplication;
import dev.ferry.policy.replication.SwarmRoots;
import dev.ferry.pubsub.Pubsub;
import dev.ferry.store.PinType;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swarm-wide replication in a running node: members are the connected ferry peers (a capabilities record, a did:key)
 * subscribed to the replication topic; what they show is their capabilities index; this node's roots are its
 * recursive pins that are not private; roots assigned here are kept by the pinning policies' keeper, and new holders
 * are challenged over the pinning policies' {@code /ferry/proof} service with their proof settings. This node's member
 * record tells the host's announced addresses; members heard of are dialled through the host (its address filters
 * apply), and those it dialled are protected from the connection manager's trimming under the tag
 * {@value #PROTECTION_TAG}.
 */
final class NodeReplication {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReplication.class);
    static final String PROTECTION_TAG = "swarm-replication";

    private NodeReplication() {}

    /** Starts replication when {@code Replication.Enabled} is set and pubsub runs; empty otherwise. */
    static Optional<SwarmReplication> start(Repo repo, ReplicationConfig config, Identity identity, Host host,
            Pubsub pubsub, CapabilitiesService caps, TrustLevels trust, NodePinning pinning,
            PrivateContent privateContent) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        if (pubsub == null) {
            LOG.warn("Replication.Enabled is set but Pubsub.Enabled is false: swarm replication needs pubsub, "
                    + "it stays off");
            return Optional.empty();
        }
        SwarmPeers peers = new SwarmPeers() {
            @Override
            public List<SwarmMember> subscribed() {
                return pubsub.peers(SwarmReplication.TOPIC).stream()
                        .filter(p -> host.isConnected(p) && caps.peerCapabilities(p).isPresent())
                        .flatMap(p -> PeerDids.didOf(p).map(d -> new SwarmMember(p, d)).stream()).toList();
            }

            @Override
            public boolean shows(PeerId peer, Cid root) {
                return caps.peerCapabilities(peer).map(r -> r.mightServe(root)).orElse(false);
            }

            @Override
            public ProofAnswer prove(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
                return pinning.challenge(peer, challenge, timeout);
            }

            @Override
            public List<Multiaddr> ownAddresses() {
                return host.announceAddresses();
            }

            @Override
            public boolean isConnected(PeerId peer) {
                return host.isConnected(peer);
            }

            @Override
            public void dial(PeerId peer, List<Multiaddr> addresses) throws IOException {
                IOException last = new IOException("no address to dial");
                for (Multiaddr a : addresses) {
                    try {
                        host.connect(a.encapsulate("/p2p/" + peer)); // the handshake refuses anyone but peer there
                        return;
                    } catch (IOException e) {
                        last = e;
                    }
                }
                throw last;
            }

            @Override
            public void protect(PeerId peer, boolean keep) {
                if (keep) {
                    host.connectionManager().protect(peer, PROTECTION_TAG);
                } else {
                    host.connectionManager().unprotect(peer, PROTECTION_TAG);
                }
            }
        };
        SwarmMember self = new SwarmMember(identity.peerId(), identity.did());
        return Optional.of(SwarmReplication.start(config, self,
                SwarmRoots.open(repo.path().resolve(SwarmRoots.FILE)),
                SwarmMembers.at(repo.path().resolve(SwarmMembers.FILE)), peers, trust,
                SwarmKeeping.of(pinning.keeper()),
                () -> repo.pins().list().entrySet().stream().filter(e -> e.getValue() == PinType.RECURSIVE)
                        .map(Map.Entry::getKey).filter(c -> !privateContent.isPrivate(c)).toList(),
                privateContent::isPrivate, pubsub, InstantSource.system(), repo.blocks(),
                pinning.replicator().config().proofs()));
    }
}
