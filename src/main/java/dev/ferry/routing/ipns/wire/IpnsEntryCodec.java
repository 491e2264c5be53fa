package dev.ferry.routing.ipns.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/** {@link IpnsEntry} to and from its protobuf bytes (fields in number order, as go and js write them). */
public final class IpnsEntryCodec {
    private IpnsEntryCodec() {
    }

    public static byte[] encode(IpnsEntry e) {
        IpnsProto.IpnsEntry.Builder b = IpnsProto.IpnsEntry.newBuilder();
        if (e.value() != null) {
            b.setValue(ByteString.copyFrom(e.value()));
        }
        if (e.signatureV1() != null) {
            b.setSignatureV1(ByteString.copyFrom(e.signatureV1()));
        }
        if (e.validityType() != null) {
            b.setValidityType(e.validityType());
        }
        if (e.validity() != null) {
            b.setValidity(ByteString.copyFrom(e.validity()));
        }
        if (e.sequence() != null) {
            b.setSequence(e.sequence());
        }
        if (e.ttl() != null) {
            b.setTtl(e.ttl());
        }
        if (e.pubKey() != null) {
            b.setPubKey(ByteString.copyFrom(e.pubKey()));
        }
        if (e.signatureV2() != null) {
            b.setSignatureV2(ByteString.copyFrom(e.signatureV2()));
        }
        if (e.data() != null) {
            b.setData(ByteString.copyFrom(e.data()));
        }
        return b.build().toByteArray();
    }

    /**
     * Reads the fields; unknown ones are skipped (the record format grows by adding fields).
     *
     * @throws IpnsWireException if the bytes are not the protobuf
     */
    public static IpnsEntry decode(byte[] bytes) throws IpnsWireException {
        IpnsProto.IpnsEntry m;
        try {
            m = IpnsProto.IpnsEntry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IpnsWireException("not an IPNS record: " + e.getMessage(), e);
        }
        return new IpnsEntry(
                m.hasValue() ? m.getValue().toByteArray() : null,
                m.hasSignatureV1() ? m.getSignatureV1().toByteArray() : null,
                m.hasValidityType() ? m.getValidityType() : null,
                m.hasValidity() ? m.getValidity().toByteArray() : null,
                m.hasSequence() ? m.getSequence() : null,
                m.hasTtl() ? m.getTtl() : null,
                m.hasPubKey() ? m.getPubKey().toByteArray() : null,
                m.hasSignatureV2() ? m.getSignatureV2().toByteArray() : null,
                m.hasData() ? m.getData().toByteArray() : null);
    }
}
