package dev.ferry.pubsub;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.TestHosts;
import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.PubsubCodec;
import dev.ferry.pubsub.wire.Rpc;
import dev.ferry.pubsub.wire.Rpc.Control;
import dev.ferry.pubsub.wire.Rpc.SubscriptionChange;
import dev.ferry.pubsub.wire.WireMessage;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A peer that speaks gossipsub v1.1 by hand: it sends only what a test tells it to and records what it gets. */
final class RawGossipPeer {
    final Host host;
    final LinkedBlockingQueue<Rpc> received = new LinkedBlockingQueue<>();
    private NegotiatedStream stream;

    RawGossipPeer(TestHosts hosts) throws IOException {
        host = hosts.start();
        host.setHandler(Pubsub.MESHSUB_11_ID, s -> {
            byte[] body;
            while ((body = PubsubCodec.readFrame(s.in(), 1 << 20)) != null) {
                received.add(PubsubCodec.decode(body));
            }
        });
    }

    PeerId id() {
        return host.peerId();
    }

    /** Connects to the node (an inbound connection for it) and opens our stream. */
    void dial(Host node) throws IOException {
        host.connect(TestHosts.dialable(node));
        open(node.peerId());
    }

    /** Opens our stream to a node already connected (when the node dialled us: outbound for it). */
    void open(PeerId node) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!host.isConnected(node) && System.nanoTime() < deadline) {
            try { // the dialler may finish its handshake before our side has registered the connection
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        stream = host.newStream(node, Pubsub.MESHSUB_11_ID);
    }

    /** Our stream to the node. */
    NegotiatedStream stream() {
        return stream;
    }

    void send(Rpc rpc) throws IOException {
        PubsubCodec.writeFrame(stream.out(), rpc);
        stream.out().flush();
    }

    /** The next RPC received that satisfies {@code what}, within {@code millis}, or null. */
    Rpc poll(Predicate<Rpc> what, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            Rpc r = received.poll(20, TimeUnit.MILLISECONDS);
            if (r != null && what.test(r)) {
                return r;
            }
        }
        return null;
    }

    static Rpc subscribe(String topic) {
        return new Rpc(List.of(new SubscriptionChange(true, topic)), List.of(), Control.EMPTY);
    }

    static Rpc publish(WireMessage m) {
        return new Rpc(List.of(), List.of(m), Control.EMPTY);
    }

    static Rpc graft(String topic) {
        return control(new Control(List.of(), List.of(), List.of(topic), List.of()));
    }

    static Rpc ihave(String topic, List<MessageId> ids) {
        return control(new Control(List.of(new Rpc.IHave(topic, ids)), List.of(), List.of(), List.of()));
    }

    static Rpc control(Control c) {
        return new Rpc(List.of(), List.of(), c);
    }
}
