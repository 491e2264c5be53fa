package dev.ferry.net.relay.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.net.record.SignedEnvelope;
import java.util.Objects;

/**
 * A reservation voucher's payload: the relay testifies that it serves {@code peer} until {@code expiration} (UNIX
 * seconds). Carried in a {@link SignedEnvelope} of domain {@link #DOMAIN} and payload type {@link #PAYLOAD_TYPE},
 * written canonically (fields in id order). Vouchers are advisory: nothing requires one to dial.
 */
public record Voucher(PeerId relay, PeerId peer, long expiration) {
    public static final String DOMAIN = "libp2p-relay-rsvp";
    /** The multicodec {@code libp2p-relay-rsvp} 0x0302, written as its two bytes (as go-libp2p and js-libp2p do). */
    private static final byte[] PAYLOAD_TYPE = {0x03, 0x02};

    public Voucher {
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(peer, "peer");
        if (expiration < 0) {
            throw new IllegalArgumentException("voucher expiration out of range");
        }
    }

    public static byte[] payloadType() {
        return PAYLOAD_TYPE.clone();
    }

    public byte[] encode() {
        return RelayProto.Voucher.newBuilder().setRelay(ByteString.copyFrom(relay.bytes()))
                .setPeer(ByteString.copyFrom(peer.bytes())).setExpiration(expiration).build().toByteArray();
    }

    /** Signs this voucher as the relay {@code identity} (which must be {@link #relay()}). */
    public SignedEnvelope seal(Identity identity) {
        if (!identity.peerId().equals(relay)) {
            throw new IllegalArgumentException("a voucher is signed by its relay");
        }
        return SignedEnvelope.seal(identity, DOMAIN, payloadType(), encode());
    }

    /**
     * The voucher inside {@code envelope}, after checking its payload type and signature, and that the signer is the
     * relay it names.
     *
     * @throws RelayWireException when any of that fails
     */
    public static Voucher open(SignedEnvelope envelope) throws RelayWireException {
        if (!java.util.Arrays.equals(envelope.payloadType(), PAYLOAD_TYPE)) {
            throw new RelayWireException("envelope is not a relay voucher (payload type)");
        }
        if (!envelope.verifies(DOMAIN)) {
            throw new RelayWireException("relay voucher signature does not verify");
        }
        Voucher v = decode(envelope.payload());
        if (!PeerId.fromPublicKey(envelope.key()).equals(v.relay())) {
            throw new RelayWireException("relay voucher signed by another peer than its relay");
        }
        return v;
    }

    /** @throws RelayWireException for a payload that is not a complete voucher */
    public static Voucher decode(byte[] payload) throws RelayWireException {
        RelayProto.Voucher v;
        try {
            v = RelayProto.Voucher.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new RelayWireException("not a relay voucher: " + e.getMessage(), e);
        }
        if (!v.hasRelay() || !v.hasPeer() || !v.hasExpiration()) {
            throw new RelayWireException("relay voucher lacks a required field");
        }
        if (v.getExpiration() < 0) {
            throw new RelayWireException("relay voucher expiration out of range");
        }
        try {
            return new Voucher(PeerId.fromBytes(v.getRelay().toByteArray()), PeerId.fromBytes(v.getPeer().toByteArray()),
                    v.getExpiration());
        } catch (KeyFormatException e) {
            throw new RelayWireException("relay voucher names no peer: " + e.getMessage(), e);
        }
    }
}
