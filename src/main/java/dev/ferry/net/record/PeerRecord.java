package dev.ferry.net.record;

import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.record.wire.RecordCodec;
import dev.ferry.net.record.wire.RecordWireException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A libp2p peer record (RFC 0003): a peer's addresses with a sequence number that grows with each new record, carried
 * in a {@link SignedEnvelope} so that the addresses are the peer's own word ({@link SignedPeerRecord}).
 */
public record PeerRecord(PeerId peerId, long seq, List<Multiaddr> addresses) {
    /** The signature domain of peer records. */
    public static final String DOMAIN = "libp2p-peer-record";
    /** The multicodec {@code libp2p-peer-record} (0x0301) as varint bytes: the envelope's payload type. */
    static final byte[] PAYLOAD_TYPE = {0x03, 0x01};
    /** Addresses read at most. */
    public static final int MAX_ADDRESSES = 64;

    public PeerRecord {
        Objects.requireNonNull(peerId, "peerId");
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a peer record holds at most " + MAX_ADDRESSES + " addresses");
        }
    }

    public byte[] encode() {
        List<byte[]> addrs = new ArrayList<>(addresses.size());
        addresses.forEach(a -> addrs.add(a.bytes()));
        return RecordCodec.encodePeerRecord(new RecordCodec.PeerRecordFields(peerId.bytes(), seq, addrs));
    }

    /**
     * Reads a record.
     *
     * @throws RecordFormatException malformed, with unknown fields, a bad peer ID, too many or unreadable addresses
     */
    public static PeerRecord decode(byte[] bytes) throws RecordFormatException {
        RecordCodec.PeerRecordFields r;
        try {
            r = RecordCodec.decodePeerRecord(bytes, MAX_ADDRESSES);
        } catch (RecordWireException e) {
            throw new RecordFormatException(e.getMessage(), e);
        }
        PeerId id;
        try {
            id = PeerId.fromBytes(r.peerId());
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException("a peer record with a bad peer ID: " + e.getMessage(), e);
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (byte[] a : r.addresses()) {
            try {
                addrs.add(Multiaddr.decode(a));
            } catch (IllegalArgumentException e) {
                throw new RecordFormatException("a peer record with a bad address: " + e.getMessage(), e);
            }
        }
        return new PeerRecord(id, r.seq(), addrs);
    }
}
