package dev.ferry.pubsub.wire;

import com.google.protobuf.ByteString;
import dev.ferry.pubsub.wire.PubsubProto.Message;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A pubsub message as on the wire. Each field is null when absent: presence matters, because a signature covers
 * exactly the fields that were present. Arrays are copied in and out.
 *
 * @param from      the author's binary peer ID
 * @param seqno     the author's sequence number, big-endian
 * @param signature over {@link #signedBytes()}
 * @param key       the author's public key (protobuf), when its peer ID does not inline it
 */
public record WireMessage(byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {
    private static final byte[] SIGNING_PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

    public WireMessage {
        from = copy(from);
        data = copy(data);
        seqno = copy(seqno);
        signature = copy(signature);
        key = copy(key);
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    @Override
    public byte[] from() {
        return copy(from);
    }

    @Override
    public byte[] data() {
        return copy(data);
    }

    @Override
    public byte[] seqno() {
        return copy(seqno);
    }

    @Override
    public byte[] signature() {
        return copy(signature);
    }

    @Override
    public byte[] key() {
        return copy(key);
    }

    /** Bytes of the payload (0 when absent). */
    public int dataLength() {
        return data == null ? 0 : data.length;
    }

    /** The same message with a signature (and key, may be null) set. */
    public WireMessage signed(byte[] newSignature, byte[] newKey) {
        return new WireMessage(from, data, seqno, topic, newSignature, newKey);
    }

    /** What a signature covers: {@code "libp2p-pubsub:" ‖ protobuf of the message without signature and key}. */
    public byte[] signedBytes() {
        byte[] body = new WireMessage(from, data, seqno, topic, null, null).toProto().toByteArray();
        byte[] out = new byte[SIGNING_PREFIX.length + body.length];
        System.arraycopy(SIGNING_PREFIX, 0, out, 0, SIGNING_PREFIX.length);
        System.arraycopy(body, 0, out, SIGNING_PREFIX.length, body.length);
        return out;
    }

    /** Bytes of this message's protobuf. */
    public int encodedSize() {
        return toProto().getSerializedSize();
    }

    Message toProto() {
        Message.Builder b = Message.newBuilder();
        if (from != null) {
            b.setFrom(ByteString.copyFrom(from));
        }
        if (data != null) {
            b.setData(ByteString.copyFrom(data));
        }
        if (seqno != null) {
            b.setSeqno(ByteString.copyFrom(seqno));
        }
        if (topic != null) {
            b.setTopic(topic);
        }
        if (signature != null) {
            b.setSignature(ByteString.copyFrom(signature));
        }
        if (key != null) {
            b.setKey(ByteString.copyFrom(key));
        }
        return b.build();
    }

    static WireMessage fromProto(Message m) {
        return new WireMessage(m.hasFrom() ? m.getFrom().toByteArray() : null,
                m.hasData() ? m.getData().toByteArray() : null,
                m.hasSeqno() ? m.getSeqno().toByteArray() : null,
                m.hasTopic() ? m.getTopic() : null,
                m.hasSignature() ? m.getSignature().toByteArray() : null,
                m.hasKey() ? m.getKey().toByteArray() : null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireMessage w && Arrays.equals(from, w.from) && Arrays.equals(data, w.data)
                && Arrays.equals(seqno, w.seqno) && Objects.equals(topic, w.topic)
                && Arrays.equals(signature, w.signature) && Arrays.equals(key, w.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(from), Arrays.hashCode(data), Arrays.hashCode(seqno), topic,
                Arrays.hashCode(signature), Arrays.hashCode(key));
    }

    @Override
    public String toString() {
        return "WireMessage[topic=" + topic + ", " + dataLength() + " bytes]";
    }
}
