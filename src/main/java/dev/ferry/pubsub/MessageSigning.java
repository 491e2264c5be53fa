package dev.ferry.pubsub;

import dev.ferry.crypto.Sha256;
import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.pubsub.wire.MessageId;
import dev.ferry.pubsub.wire.WireMessage;
import java.util.Optional;

/**
 * Authoring and checking messages under a {@link SignaturePolicy}. A signature covers
 * {@code "libp2p-pubsub:" ‖ the message's protobuf without its signature and key}, fields in tag order, exactly the
 * ones present ({@link WireMessage#signedBytes()}): re-encoding the received fields gives the bytes the author signed.
 */
public final class MessageSigning {
    /** Bytes of the sequence numbers we send. */
    public static final int SEQNO_BYTES = 8;

    private MessageSigning() {}

    /** A new message by {@code author}, signed, with sequence number {@code seqno}. */
    public static WireMessage signed(Identity author, String topic, byte[] data, long seqno) {
        WireMessage unsigned = new WireMessage(author.peerId().bytes(), data, seqnoBytes(seqno), topic, null, null);
        byte[] key = author.peerId().extractPublicKey().isPresent() ? null : author.publicKey().marshal();
        return unsigned.signed(author.sign(unsigned.signedBytes()), key);
    }

    /** A new anonymous message (StrictNoSign). */
    public static WireMessage anonymous(String topic, byte[] data) {
        return new WireMessage(null, data, null, topic, null, null);
    }

    /**
     * Checks a received message against the policy.
     *
     * @return its author (empty for StrictNoSign)
     * @throws InvalidMessageException what is wrong with it
     */
    public static Optional<PeerId> check(WireMessage m, SignaturePolicy policy) throws InvalidMessageException {
        if (m.topic() == null) {
            throw new InvalidMessageException("message without a topic");
        }
        if (policy == SignaturePolicy.STRICT_NO_SIGN) {
            if (m.from() != null || m.seqno() != null || m.signature() != null || m.key() != null) {
                throw new InvalidMessageException("signed or authored message where messages must be anonymous");
            }
            return Optional.empty();
        }
        byte[] from = m.from();
        byte[] seqno = m.seqno();
        byte[] signature = m.signature();
        if (from == null || seqno == null || signature == null) {
            throw new InvalidMessageException("unsigned message (author, sequence number and signature required)");
        }
        // we send 8 bytes; js floodsub drops leading zero bytes of its random numbers: the signature still binds them
        if (seqno.length == 0 || seqno.length > SEQNO_BYTES) {
            throw new InvalidMessageException("sequence number of " + seqno.length + " bytes (1 to 8)");
        }
        PeerId author;
        try {
            author = PeerId.fromBytes(from);
        } catch (KeyFormatException e) {
            throw new InvalidMessageException("author is not a peer ID: " + e.getMessage());
        }
        PublicKey key;
        byte[] keyBytes = m.key();
        if (keyBytes != null) {
            try {
                key = PublicKey.unmarshal(keyBytes);
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
        if (!key.verify(m.signedBytes(), signature)) {
            throw new InvalidMessageException("bad signature by " + author);
        }
        return Optional.of(author);
    }

    /** The message ID (the spec's default): author bytes ‖ sequence number bytes; for anonymous messages, data. */
    public static MessageId messageId(WireMessage m) {
        byte[] from = m.from();
        byte[] seqno = m.seqno();
        if (from != null || seqno != null) {
            from = from == null ? new byte[0] : from;
            seqno = seqno == null ? new byte[0] : seqno;
            byte[] id = new byte[from.length + seqno.length];
            System.arraycopy(from, 0, id, 0, from.length);
            System.arraycopy(seqno, 0, id, from.length, seqno.length);
            return new MessageId(id);
        }
        // anonymous messages have no author: the ID is sha2-256 of the data, as js-libp2p derives it
        byte[] data = m.data();
        return new MessageId(Sha256.hash(data == null ? new byte[0] : data));
    }

    /** A sequence number's value: big-endian, 1 to 8 bytes. */
    static long seqnoValue(byte[] seqno) {
        long v = 0;
        for (byte b : seqno) {
            v = (v << 8) | (b & 0xff);
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
}
