package dev.ferry.net.record;

import dev.ferry.identity.Identity;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.record.wire.RecordCodec;
import dev.ferry.net.record.wire.RecordWireException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A libp2p signed envelope (RFC 0002): a payload with its type, signed by a key for one domain, so that anyone can
 * check who made it and for what. The signature covers the domain, the type and the payload, each preceded by its
 * length as a varint; the domain is not carried, the reader names the one it expects.
 *
 * @param key         the signer's public key
 * @param payloadType the payload's multicodec, as its varint bytes
 */
public record SignedEnvelope(PublicKey key, byte[] payloadType, byte[] payload, byte[] signature) {
    /** The largest envelope read (a peer record of 64 addresses with an RSA key fits in a fraction of it). */
    public static final int MAX_BYTES = 16 * 1024;

    public SignedEnvelope {
        Objects.requireNonNull(key, "key");
        payloadType = payloadType.clone();
        payload = payload.clone();
        signature = signature.clone();
    }

    /** Signs {@code payload} of {@code payloadType} for {@code domain} with {@code identity}'s key. */
    public static SignedEnvelope seal(Identity identity, String domain, byte[] payloadType, byte[] payload) {
        byte[] sig = identity.sign(signedBytes(domain, payloadType, payload));
        return new SignedEnvelope(identity.publicKey(), payloadType, payload, sig);
    }

    /** Whether the signature holds for {@code domain}. */
    public boolean verifies(String domain) {
        return key.verify(signedBytes(domain, payloadType, payload), signature);
    }

    static byte[] signedBytes(String domain, byte[] type, byte[] payload) {
        byte[] d = domain.getBytes(StandardCharsets.UTF_8);
        byte[][] parts = {d, type, payload};
        int size = 0;
        for (byte[] part : parts) {
            size += Varint.size(part.length) + part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            Varint.write(part.length, out, at);
            at += Varint.size(part.length);
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    public byte[] encode() {
        return RecordCodec.encodeEnvelope(new RecordCodec.EnvelopeFields(key.marshal(), payloadType, payload,
                signature));
    }

    /**
     * Reads an envelope (its signature is not checked here: {@link #verifies}).
     *
     * @throws RecordFormatException over {@link #MAX_BYTES}, malformed, with unknown fields or an unreadable key
     */
    public static SignedEnvelope decode(byte[] bytes) throws RecordFormatException {
        if (bytes.length > MAX_BYTES) {
            throw new RecordFormatException("an envelope of " + bytes.length + " bytes exceeds " + MAX_BYTES);
        }
        RecordCodec.EnvelopeFields e;
        try {
            e = RecordCodec.decodeEnvelope(bytes);
        } catch (RecordWireException ex) {
            throw new RecordFormatException(ex.getMessage(), ex);
        }
        if (e.payloadType().length == 0 || e.signature().length == 0) {
            throw new RecordFormatException("an envelope without a payload type or a signature");
        }
        PublicKey key;
        try {
            key = PublicKey.unmarshal(e.publicKey());
        } catch (KeyFormatException ex) {
            throw new RecordFormatException("an envelope with an unreadable key: " + ex.getMessage(), ex);
        }
        return new SignedEnvelope(key, e.payloadType(), e.payload(), e.signature());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEnvelope s && key.equals(s.key) && java.util.Arrays.equals(payloadType, s.payloadType)
                && java.util.Arrays.equals(payload, s.payload) && java.util.Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, java.util.Arrays.hashCode(payload), java.util.Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedEnvelope[" + key.type() + ", " + payload.length + " bytes]";
    }

    @Override
    public byte[] payloadType() {
        return payloadType.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
