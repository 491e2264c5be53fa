package dev.ferry.pubsub.wire;

import java.util.List;
import java.util.Objects;

/**
 * One pubsub RPC: subscription changes, messages, and gossipsub control.
 *
 * @param control never null ({@link Control#EMPTY} when there is none)
 */
public record Rpc(List<SubscriptionChange> subscriptions, List<WireMessage> publish, Control control) {
    public static final Rpc EMPTY = new Rpc(List.of(), List.of(), Control.EMPTY);

    public Rpc {
        subscriptions = List.copyOf(subscriptions);
        publish = List.copyOf(publish);
        Objects.requireNonNull(control, "control");
    }

    /** A subscription to or from a topic. */
    public record SubscriptionChange(boolean subscribe, String topic) {
        public SubscriptionChange {
            Objects.requireNonNull(topic, "topic");
        }
    }

    /** IHAVE: IDs of recent messages of a topic. */
    public record IHave(String topic, List<MessageId> ids) {
        public IHave {
            ids = List.copyOf(ids);
        }
    }

    /** IWANT: messages asked for after an IHAVE. */
    public record IWant(List<MessageId> ids) {
        public IWant {
            ids = List.copyOf(ids);
        }
    }

    /** IDONTWANT (v1.2): messages the sender already has, not to be sent to it. */
    public record IDontWant(List<MessageId> ids) {
        public IDontWant {
            ids = List.copyOf(ids);
        }
    }

    /**
     * PRUNE: the sender dropped us from a topic's mesh.
     *
     * @param backoffSeconds how long not to graft again; -1 when absent (v1.0 peers)
     * @param peers          peers offered for peer exchange (v1.1), as sent: unchecked
     */
    public record Prune(String topic, long backoffSeconds, List<PxPeer> peers) {
        public Prune {
            peers = List.copyOf(peers);
        }

        /** A PRUNE that offers no peers. */
        public Prune(String topic, long backoffSeconds) {
            this(topic, backoffSeconds, List.of());
        }
    }

    /**
     * A peer offered in a PRUNE: its binary peer ID and its signed peer record (an envelope), each null when absent.
     * Nothing in it is trusted until the record is opened and checked.
     */
    public record PxPeer(byte[] peerId, byte[] signedPeerRecord) {}

    /**
     * Gossipsub control.
     *
     * @param graft     topics the sender added us to the mesh of
     * @param idontwant v1.2 only
     */
    public record Control(List<IHave> ihave, List<IWant> iwant, List<String> graft, List<Prune> prune,
            List<IDontWant> idontwant) {
        public static final Control EMPTY = new Control(List.of(), List.of(), List.of(), List.of(), List.of());

        public Control {
            ihave = List.copyOf(ihave);
            iwant = List.copyOf(iwant);
            graft = List.copyOf(graft);
            prune = List.copyOf(prune);
            idontwant = List.copyOf(idontwant);
        }

        /** Control without IDONTWANT (v1.0 and v1.1). */
        public Control(List<IHave> ihave, List<IWant> iwant, List<String> graft, List<Prune> prune) {
            this(ihave, iwant, graft, prune, List.of());
        }

        public boolean isEmpty() {
            return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty() && idontwant.isEmpty();
        }
    }
}
