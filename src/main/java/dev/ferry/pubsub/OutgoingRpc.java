package dev.ferry.pubsub;

import dev.ferry.pubsub.wire.Rpc;
import dev.ferry.pubsub.wire.WireMessage;
import java.util.ArrayList;
import java.util.List;

/** An RPC being put together for one peer during one round of the router. Not thread-safe. */
final class OutgoingRpc {
    final List<Rpc.SubscriptionChange> subscriptions = new ArrayList<>();
    final List<WireMessage> publish = new ArrayList<>();
    final List<Rpc.IHave> ihave = new ArrayList<>();
    final List<Rpc.IWant> iwant = new ArrayList<>();
    final List<String> graft = new ArrayList<>();
    final List<Rpc.Prune> prune = new ArrayList<>();
    final List<Rpc.IDontWant> idontwant = new ArrayList<>();

    Rpc build() {
        return new Rpc(subscriptions, publish, new Rpc.Control(ihave, iwant, graft, prune, idontwant));
    }
}
