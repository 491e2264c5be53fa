package dev.ferry.pubsub;

import static dev.ferry.pubsub.PubsubTest.await;
import static dev.ferry.pubsub.PubsubTest.next;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.identity.Identity;
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
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gossipsub v1.2's IDONTWANT, with a hand-driven v1.2 peer in the node's mesh. */
@Timeout(60)
class IDontWantTest {
    private final TestHosts hosts = new TestHosts();
    private Pubsub node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        hosts.close();
    }

    /** A raw peer: its stream to the node, and what the node sends it. */
    record RawPeer(Host host, NegotiatedStream stream, LinkedBlockingQueue<Rpc> inbox) {
        void send(Rpc rpc) throws IOException {
            PubsubCodec.writeFrame(stream.out(), rpc);
            stream.out().flush();
        }

        /** Every message ID the node sent it within {@code millis}, by kind. */
        boolean got(java.util.function.Predicate<Rpc> what, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < deadline) {
                Rpc r = inbox.poll(20, TimeUnit.MILLISECONDS);
                if (r != null && what.test(r)) {
                    return true;
                }
            }
            return false;
        }
    }

    RawPeer raw(Host target, String protocol) throws Exception {
        Host h = hosts.start();
        LinkedBlockingQueue<Rpc> inbox = new LinkedBlockingQueue<>();
        for (String p : List.of(Pubsub.MESHSUB_12_ID, Pubsub.MESHSUB_11_ID)) {
            h.setHandler(p, s -> {
                byte[] body;
                while ((body = PubsubCodec.readFrame(s.in(), 1 << 20)) != null) {
                    inbox.add(PubsubCodec.decode(body));
                }
            });
        }
        h.connect(TestHosts.dialable(target));
        RawPeer r = new RawPeer(h, h.newStream(target.peerId(), protocol), inbox);
        r.send(new Rpc(List.of(new SubscriptionChange(true, "t")), List.of(),
                new Control(List.of(), List.of(), List.of("t"), List.of())));
        return r;
    }

    static Rpc publish(WireMessage m) {
        return new Rpc(List.of(), List.of(m), Control.EMPTY);
    }

    @Test
    void largeMessagesAreAnnouncedAndIDontWantIsHonoured() throws Exception {
        Host nh = hosts.start();
        node = Pubsub.start(nh, nh.identity(), PubsubTest.fast());
        Subscription mine = node.subscribe("t");
        RawPeer v12 = raw(nh, Pubsub.MESHSUB_12_ID);
        RawPeer source = raw(nh, Pubsub.MESHSUB_11_ID);
        await("both in the mesh", () -> node.meshPeers("t").containsAll(List.of(v12.host().peerId(),
                source.host().peerId())));
        assertThat(node.protocolOf(v12.host().peerId())).contains(Pubsub.MESHSUB_12_ID);
        Identity alice = Identity.generate(new SecureRandom());

        // a large message from one mesh peer: the v1.2 peer is told IDONTWANT (and still gets the message)
        WireMessage big = MessageSigning.signed(alice, "t", new byte[2048], 1);
        MessageId bigId = MessageSigning.messageId(big);
        source.send(publish(big));
        assertThat(v12.got(r -> r.control().idontwant().stream().anyMatch(d -> d.ids().contains(bigId)), 5000))
                .isTrue();
        next(mine);

        // a small one: no IDONTWANT
        v12.inbox().clear();
        source.send(publish(MessageSigning.signed(alice, "t", new byte[10], 2)));
        next(mine);
        assertThat(v12.got(r -> !r.control().idontwant().isEmpty(), 300)).isFalse();

        // the v1.2 peer says it does not want a message: the node forwards it to the others only
        WireMessage unwanted = MessageSigning.signed(alice, "t", new byte[100], 3);
        MessageId unwantedId = MessageSigning.messageId(unwanted);
        v12.send(new Rpc(List.of(), List.of(), new Control(List.of(), List.of(), List.of(), List.of(),
                List.of(new Rpc.IDontWant(List.of(unwantedId))))));
        Thread.sleep(100);
        v12.inbox().clear();
        source.send(publish(unwanted));
        next(mine);
        assertThat(v12.got(r -> r.publish().stream().anyMatch(m -> MessageSigning.messageId(m).equals(unwantedId)),
                500)).isFalse();

        // and a message it did not refuse reaches it
        WireMessage wanted = MessageSigning.signed(alice, "t", new byte[100], 4);
        source.send(publish(wanted));
        assertThat(v12.got(r -> r.publish().stream().anyMatch(m -> MessageSigning.messageId(m)
                .equals(MessageSigning.messageId(wanted))), 5000)).isTrue();
    }
}
