package dev.ferry.pubsub;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.crypto.Sha256;
import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.pubsub.wire.PubsubProto.Message;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Authoring and checking messages under a {@link SignaturePolicy}. A signature covers
 * {@code "libp2p-pubsub:" ‖ the message's protobuf without its signature and key}, fields in tag order, exactly the
 * ones present: re-encoding the received fields gives the bytes the author signed.
 */
public final class MessageSigning {
    private static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of a sequence number under StrictSign. */
    public static final int SEQNO_BYTES = 8;

    private MessageSigning() {}

    /** A new message by {@code author}, signed, with sequence number {@code seqno}. */
    public static Message signed(Identity author, String topic, byte[] data, long seqno) {
        Message unsigned = Message.newBuilder()
                .setFrom(ByteString.copyFrom(author.peerId().bytes()))
                .setData(ByteString.copyFrom(data))
                .setSeqno(ByteString.copyFrom(seqnoBytes(seqno)))
                .setTopic(topic)
                .build();
        Message.Builder b = unsigned.toBuilder()
                .setSignature(UnsafeByteOperations.unsafeWrap(author.sign(signedBytes(unsigned))));
        if (author.peerId().extractPublicKey().isEmpty()) {
            b.setKey(ByteString.copyFrom(author.publicKey().marshal()));
        }
        return b.build();
    }

    /** A new anonymous message (StrictNoSign). */
    public static Message anonymous(String topic, byte[] data) {
        return Message.newBuilder().setData(ByteString.copyFrom(data)).setTopic(topic).build();
    }

    /**
     * Checks a received message against the policy.
     *
     * @return its author (empty for StrictNoSign)
     * @throws InvalidMessageException what is wrong with it
     */
    public static Optional<PeerId> check(Message m, SignaturePolicy policy) throws InvalidMessageException {
        if (!m.hasTopic()) {
            throw new InvalidMessageException("message without a topic");
        }
        if (policy == SignaturePolicy.STRICT_NO_SIGN) {
            if (m.hasFrom() || m.hasSeqno() || m.hasSignature() || m.hasKey()) {
                throw new InvalidMessageException("signed or authored message where messages must be anonymous");
            }
            return Optional.empty();
        }
        if (!m.hasFrom() || !m.hasSeqno() || !m.hasSignature()) {
            throw new InvalidMessageException("unsigned message (author, sequence number and signature required)");
        }
        // we send 8 bytes; js floodsub drops leading zero bytes of its random numbers: the signature still binds them
        if (m.getSeqno().isEmpty() || m.getSeqno().size() > SEQNO_BYTES) {
            throw new InvalidMessageException("sequence number of " + m.getSeqno().size() + " bytes (1 to 8)");
        }
        PeerId author;
        try {
            author = PeerId.fromBytes(m.getFrom().toByteArray());
        } catch (KeyFormatException e) {
            throw new InvalidMessageException("author is not a peer ID: " + e.getMessage());
        }
        PublicKey key;
        if (m.hasKey()) {
            try {
                key = PublicKey.unmarshal(m.getKey().toByteArray());
            } catch (KeyFormatException e) {
                throw new InvalidMessageException("malformed author key: " + e.getMessage());
            }
            if (!author.matches(key)) {
                throw new InvalidMessageException("the key is not the author's " + author);
            }
        } else {
            key = author.extractPublicKey()
                    .orElseThrow(() -> new InvalidMessageException("no key for author " + author));
        }
        Message unsigned = m.toBuilder().clearSignature().clearKey().build();
        if (!key.verify(signedBytes(unsigned), m.getSignature().toByteArray())) {
            throw new InvalidMessageException("bad signature by " + author);
        }
        return Optional.of(author);
    }

    /** The message ID (the spec's default): author bytes ‖ sequence number bytes; for anonymous messages, data. */
    public static ByteString messageId(Message m) {
        if (m.hasFrom() || m.hasSeqno()) {
            return m.getFrom().concat(m.getSeqno());
        }
        // anonymous messages have no author: the ID is sha2-256 of the data, as js-libp2p derives it
        return ByteString.copyFrom(Sha256.hash(m.getData().toByteArray()));
    }

    /** A sequence number's value: big-endian, 1 to 8 bytes. */
    static long seqnoValue(ByteString seqno) {
        long v = 0;
        for (int i = 0; i < seqno.size(); i++) {
            v = (v << 8) | (seqno.byteAt(i) & 0xff);
        }
        return v;
    }

    static byte[] seqnoBytes(long seqno) {
        byte[] b = new byte[SEQNO_BYTES];
        for (int i = 0; i < SEQNO_BYTES; i++) {
            b[i] = (byte) (seqno >>> (56 - 8 * i));
        }
        return b;
    }

    private static byte[] signedBytes(Message unsigned) {
        byte[] body = unsigned.toByteArray();
        byte[] out = new byte[PREFIX.length + body.length];
        System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
        System.arraycopy(body, 0, out, PREFIX.length, body.length);
        return out;
    }
}
