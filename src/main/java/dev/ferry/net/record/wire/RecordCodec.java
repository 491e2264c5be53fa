package dev.ferry.net.record.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;

/** The protobufs of signed envelopes and peer records, read strictly: no unknown fields, addresses counted first. */
public final class RecordCodec {
    private RecordCodec() {}

    /** An envelope's fields as bytes. */
    public record EnvelopeFields(byte[] publicKey, byte[] payloadType, byte[] payload, byte[] signature) {}

    /** A peer record's fields as bytes. */
    public record PeerRecordFields(byte[] peerId, long seq, List<byte[]> addresses) {}

    public static byte[] encodeEnvelope(EnvelopeFields e) {
        return RecordProto.Envelope.newBuilder().setPublicKey(ByteString.copyFrom(e.publicKey()))
                .setPayloadType(ByteString.copyFrom(e.payloadType())).setPayload(ByteString.copyFrom(e.payload()))
                .setSignature(ByteString.copyFrom(e.signature())).build().toByteArray();
    }

    /** @throws RecordWireException malformed or with unknown fields */
    public static EnvelopeFields decodeEnvelope(byte[] bytes) throws RecordWireException {
        RecordProto.Envelope e;
        try {
            e = RecordProto.Envelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException ex) {
            throw new RecordWireException("malformed envelope: " + ex.getMessage(), ex);
        }
        if (!e.getUnknownFields().asMap().isEmpty()) {
            throw new RecordWireException("an envelope with unknown fields");
        }
        return new EnvelopeFields(e.getPublicKey().toByteArray(), e.getPayloadType().toByteArray(),
                e.getPayload().toByteArray(), e.getSignature().toByteArray());
    }

    public static byte[] encodePeerRecord(PeerRecordFields r) {
        RecordProto.PeerRecord.Builder b = RecordProto.PeerRecord.newBuilder()
                .setPeerId(ByteString.copyFrom(r.peerId())).setSeq(r.seq());
        for (byte[] a : r.addresses()) {
            b.addAddressesBuilder().setMultiaddr(ByteString.copyFrom(a));
        }
        return b.build().toByteArray();
    }

    /** @throws RecordWireException malformed, with unknown fields, or more than {@code maxAddresses} addresses */
    public static PeerRecordFields decodePeerRecord(byte[] bytes, int maxAddresses) throws RecordWireException {
        RecordProto.PeerRecord r;
        try {
            r = RecordProto.PeerRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new RecordWireException("malformed peer record: " + e.getMessage(), e);
        }
        if (!r.getUnknownFields().asMap().isEmpty()) {
            throw new RecordWireException("a peer record with unknown fields");
        }
        if (r.getAddressesCount() > maxAddresses) {
            throw new RecordWireException("a peer record of " + r.getAddressesCount() + " addresses (at most "
                    + maxAddresses + ")");
        }
        List<byte[]> addrs = new ArrayList<>(r.getAddressesCount());
        for (RecordProto.PeerRecord.AddressInfo a : r.getAddressesList()) {
            if (!a.getUnknownFields().asMap().isEmpty()) {
                throw new RecordWireException("a peer record address with unknown fields");
            }
            addrs.add(a.getMultiaddr().toByteArray());
        }
        return new PeerRecordFields(r.getPeerId().toByteArray(), r.getSeq(), addrs);
    }
}
