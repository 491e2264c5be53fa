package dev.ferry.net.record;

import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import java.util.Arrays;
import java.util.List;

/**
 * A peer record in its signed envelope, checked: the envelope's type is a peer record, its signature holds for the
 * peer-record domain, and the key that signed it is the key of the peer the record is about. Carried by identify
 * (field 8) and by gossipsub's peer exchange; only such addresses are dialled on another peer's advice.
 *
 * @param bytes the envelope as received or made (what is sent on)
 */
public record SignedPeerRecord(PeerRecord record, byte[] bytes) {
    public SignedPeerRecord {
        bytes = bytes.clone();
    }

    /** Makes and signs this node's record. */
    public static SignedPeerRecord create(Identity identity, long seq, List<Multiaddr> addresses) {
        PeerRecord r = new PeerRecord(identity.peerId(), seq, addresses);
        SignedEnvelope e = SignedEnvelope.seal(identity, PeerRecord.DOMAIN, PeerRecord.PAYLOAD_TYPE, r.encode());
        return new SignedPeerRecord(r, e.encode());
    }

    /**
     * Reads and checks a signed peer record.
     *
     * @throws RecordFormatException malformed, not a peer record, a signature that does not hold, or signed by
     *                               another key than the record's peer
     */
    public static SignedPeerRecord open(byte[] bytes) throws RecordFormatException {
        SignedEnvelope e = SignedEnvelope.decode(bytes);
        if (!Arrays.equals(e.payloadType(), PeerRecord.PAYLOAD_TYPE)) {
            throw new RecordFormatException("the envelope does not hold a peer record");
        }
        if (!e.verifies(PeerRecord.DOMAIN)) {
            throw new RecordFormatException("the peer record's signature does not hold");
        }
        PeerRecord r = PeerRecord.decode(e.payload());
        if (!r.peerId().equals(PeerId.fromPublicKey(e.key()))) {
            throw new RecordFormatException("the peer record of " + r.peerId() + " is signed by another key");
        }
        return new SignedPeerRecord(r, bytes);
    }

    public PeerId peerId() {
        return record.peerId();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedPeerRecord s && record.equals(s.record) && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return record.hashCode();
    }

    @Override
    public String toString() {
        return "SignedPeerRecord[" + record + "]";
    }
}
