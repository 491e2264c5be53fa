package dev.ferry.pubsub.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.ferry.multiformats.Varint;
import dev.ferry.pubsub.wire.PubsubProto.ControlGraft;
import dev.ferry.pubsub.wire.PubsubProto.ControlIHave;
import dev.ferry.pubsub.wire.PubsubProto.ControlIWant;
import dev.ferry.pubsub.wire.PubsubProto.ControlMessage;
import dev.ferry.pubsub.wire.PubsubProto.ControlPrune;
import dev.ferry.pubsub.wire.PubsubProto.Message;
import dev.ferry.pubsub.wire.PubsubProto.RPC;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The RPC codec round-trips what it writes, and turns any other input into its own exception, within its caps. */
class PubsubCodecProperties {

    Arbitrary<ByteString> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(ByteString::copyFrom);
    }

    Arbitrary<String> topics() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
    }

    Arbitrary<Message> messageArb() {
        return Combinators.combine(bytes(0, 40).injectNull(0.3), bytes(0, 200).injectNull(0.1),
                bytes(8, 8).injectNull(0.3), topics().injectNull(0.1), bytes(64, 64).injectNull(0.3),
                bytes(1, 50).injectNull(0.7)).as((from, data, seqno, topic, sig, key) -> {
                    Message.Builder b = Message.newBuilder();
                    if (from != null) b.setFrom(from);
                    if (data != null) b.setData(data);
                    if (seqno != null) b.setSeqno(seqno);
                    if (topic != null) b.setTopic(topic);
                    if (sig != null) b.setSignature(sig);
                    if (key != null) b.setKey(key);
                    return b.build();
                });
    }

    Arbitrary<ControlMessage> controls() {
        Arbitrary<List<ByteString>> ids = bytes(1, 40).list().ofMaxSize(6);
        Arbitrary<ControlIHave> ihave = Combinators.combine(topics(), ids)
                .as((t, i) -> ControlIHave.newBuilder().setTopicID(t).addAllMessageIDs(i).build());
        Arbitrary<ControlIWant> iwant = ids.map(i -> ControlIWant.newBuilder().addAllMessageIDs(i).build());
        Arbitrary<ControlGraft> graft = topics().map(t -> ControlGraft.newBuilder().setTopicID(t).build());
        Arbitrary<ControlPrune> prune = Combinators.combine(topics(), Arbitraries.longs().between(0, 1000).injectNull(0.3),
                bytes(1, 40).list().ofMaxSize(3)).as((t, backoff, px) -> {
                    ControlPrune.Builder b = ControlPrune.newBuilder().setTopicID(t);
                    if (backoff != null) b.setBackoff(backoff);
                    px.forEach(p -> b.addPeers(PubsubProto.PeerInfo.newBuilder().setPeerID(p)));
                    return b.build();
                });
        Arbitrary<PubsubProto.ControlIDontWant> idontwant = ids.map(i -> PubsubProto.ControlIDontWant.newBuilder()
                .addAllMessageIDs(i).build());
        return Combinators.combine(ihave.list().ofMaxSize(3), iwant.list().ofMaxSize(3), graft.list().ofMaxSize(3),
                prune.list().ofMaxSize(3), idontwant.list().ofMaxSize(3)).as((h, w, g, p, d) -> ControlMessage
                        .newBuilder().addAllIhave(h).addAllIwant(w).addAllGraft(g).addAllPrune(p).addAllIdontwant(d)
                        .build());
    }

    @Provide
    Arbitrary<RPC> rpcs() {
        Arbitrary<RPC.SubOpts> subs = Combinators.combine(Arbitraries.of(true, false), topics())
                .as((s, t) -> RPC.SubOpts.newBuilder().setSubscribe(s).setTopicid(t).build());
        return Combinators.combine(subs.list().ofMaxSize(5), messageArb().list().ofMaxSize(5), controls().injectNull(0.4))
                .as((s, m, c) -> {
                    RPC.Builder b = RPC.newBuilder().addAllSubscriptions(s).addAllPublish(m);
                    if (c != null) b.setControl(c);
                    return b.build();
                });
    }

    @Provide
    Arbitrary<List<RPC>> rpcLists() {
        return rpcs().list().ofMaxSize(4);
    }

    @Property(tries = 500)
    void framesRoundTrip(@ForAll("rpcLists") List<RPC> sent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (RPC r : sent) {
            byte[] body = r.toByteArray();
            Varint.write(body.length, out);
            out.write(body);
        }
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        for (RPC r : sent) {
            Rpc got = PubsubCodec.decode(PubsubCodec.readFrame(in, PubsubCodec.DEFAULT_MAX_FRAME));
            // the records keep every field with its presence (a signature covers exactly the fields present), the
            // peers a PRUNE offers too
            assertThat(PubsubCodec.toProto(got)).isEqualTo(normalized(r));
            for (int i = 0; i < r.getPublishCount(); i++) {
                assertThat(got.publish().get(i).data() != null).isEqualTo(r.getPublish(i).hasData());
            }
            if (r.hasControl()) {
                for (int i = 0; i < r.getControl().getPruneCount(); i++) {
                    assertThat(got.control().prune().get(i).peers())
                            .hasSize(r.getControl().getPrune(i).getPeersCount());
                }
            }
            // and what the codec writes reads back the same
            byte[] written = PubsubCodec.encode(got);
            assertThat(PubsubCodec.encode(PubsubCodec.decode(written))).isEqualTo(written);
        }
        assertThat(PubsubCodec.readFrame(in, PubsubCodec.DEFAULT_MAX_FRAME)).isNull();
    }

    static RPC normalized(RPC r) {
        if (!r.hasControl()) {
            return r;
        }
        ControlMessage.Builder c = r.getControl().toBuilder();
        RPC.Builder b = r.toBuilder().setControl(c);
        if (c.getIhaveCount() + c.getIwantCount() + c.getGraftCount() + c.getPruneCount()
                + c.getIdontwantCount() == 0) {
            b.clearControl(); // an empty control block and none are the same
        }
        return b.build();
    }

    @Property(tries = 2000)
    void junkBodiesFailOnlyWithTheWireException(@ForAll @Size(max = 400) byte[] junk) {
        try {
            PubsubCodec.decode(junk);
        } catch (PubsubWireException expected) {
            // declared
        }
    }

    @Property(tries = 1000)
    void junkStreamsFailOnlyWithIoExceptionsAndNeverAllocatePastTheCap(@ForAll @Size(max = 300) byte[] junk,
            @ForAll @IntRange(min = 1024, max = 4096) int cap) {
        InputStream in = new ByteArrayInputStream(junk);
        try {
            for (int i = 0; i < 50; i++) {
                byte[] body = PubsubCodec.readFrame(in, cap);
                if (body == null) {
                    return;
                }
                assertThat(body.length).isLessThanOrEqualTo(cap);
                PubsubCodec.decode(body);
            }
        } catch (IOException expected) {
            // PubsubWireException or a truncated stream
        }
    }

    @Property(tries = 200)
    void anOversizedLengthIsRefusedBeforeReading(@ForAll @IntRange(min = 1025, max = Integer.MAX_VALUE) int length) {
        byte[] prefix = Varint.encode(length);
        assertThatThrownBy(() -> PubsubCodec.readFrame(new ByteArrayInputStream(prefix), 1024))
                .isInstanceOf(PubsubWireException.class).hasMessageContaining("exceeds the cap of 1024");
    }

    @Property(tries = 100)
    void countsPastTheCapsAreRefused(@ForAll @IntRange(min = 1, max = 4) int kind) {
        RPC.Builder b = RPC.newBuilder();
        switch (kind) {
            case 1 -> {
                for (int i = 0; i <= PubsubCodec.MAX_SUBSCRIPTIONS; i++) {
                    b.addSubscriptions(RPC.SubOpts.newBuilder().setSubscribe(true).setTopicid("t" + i));
                }
            }
            case 2 -> {
                ControlIHave.Builder h = ControlIHave.newBuilder().setTopicID("t");
                for (int i = 0; i <= PubsubCodec.MAX_CONTROL_IDS; i++) {
                    h.addMessageIDs(ByteString.copyFromUtf8("id" + i));
                }
                b.getControlBuilder().addIhave(h);
            }
            case 3 -> {
                PubsubProto.ControlIDontWant.Builder d = PubsubProto.ControlIDontWant.newBuilder();
                for (int i = 0; i <= PubsubCodec.MAX_CONTROL_IDS; i++) {
                    d.addMessageIDs(ByteString.copyFromUtf8("id" + i));
                }
                b.getControlBuilder().addIdontwant(d);
            }
            default -> b.addPublish(Message.newBuilder().setTopic("x".repeat(PubsubCodec.MAX_TOPIC_BYTES + 1)));
        }
        assertThatThrownBy(() -> PubsubCodec.decode(b.build().toByteArray())).isInstanceOf(PubsubWireException.class);
    }

    @Property(tries = 50)
    void anEmptyMessageIdIsRefused(@ForAll("rpcs") RPC rpc) {
        RPC bad = rpc.toBuilder().setControl(ControlMessage.newBuilder()
                .addIwant(ControlIWant.newBuilder().addMessageIDs(ByteString.EMPTY))).build();
        assertThatThrownBy(() -> PubsubCodec.decode(bad.toByteArray())).isInstanceOf(PubsubWireException.class);
    }
}
