package dev.ferry.routing.ipns;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.ferry.dag.cbor.CborValue;
import dev.ferry.dag.cbor.CborValue.CborBytes;
import dev.ferry.dag.cbor.CborValue.CborInteger;
import dev.ferry.dag.cbor.CborValue.CborMap;
import dev.ferry.dag.cbor.DagCbor;
import dev.ferry.dag.cbor.DagCborException;
import dev.ferry.identity.KeyFormatException;
import dev.ferry.identity.PeerId;
import dev.ferry.identity.PrivateKey;
import dev.ferry.identity.PublicKey;
import dev.ferry.multiformats.Cid;
import dev.ferry.routing.ipns.wire.IpnsProto.IpnsEntry;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified IPNS record: what a name points to ({@link #value()}, a path such as {@code /ipfs/bafy…}), its version
 * ({@link #sequence()}, unsigned), until when it holds ({@link #validity()}), how long a resolver may cache it
 * ({@link #ttlNanos()}), and its serialized bytes as they travel. Records are made by {@link #create} and read only
 * through {@link #verify}, which applies every check of the spec's "Record Verification", so an instance always
 * stands for a record its name's key signed.
 */
public record IpnsRecord(IpnsName name, byte[] value, long sequence, Instant validity, String validityText,
                         long ttlNanos, byte[] bytes) {
    /** Largest serialized record accepted or made (the spec's limit). */
    public static final int MAX_SIZE = 10 * 1024;
    /** The validity type "end of life", the only one there is. */
    public static final long EOL = 0;

    private static final byte[] SIGNATURE_PREFIX = "ipns-signature:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EOL_TEXT = "EOL".getBytes(StandardCharsets.US_ASCII);

    public IpnsRecord {
        Objects.requireNonNull(name, "name");
        value = value.clone();
        bytes = bytes.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The value as a content path. A value that is a binary CID (as some publishers write it) reads as
     * {@code /ipfs/<cid>}.
     */
    public String path() {
        if (value.length > 0 && value[0] != '/') {
            try {
                return "/ipfs/" + Cid.decode(value);
            } catch (IllegalArgumentException e) {
                // not a CID either: the text as it is
            }
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    /** The TTL as a duration (unsigned nanoseconds; beyond what a duration holds reads as the longest one). */
    public Duration ttl() {
        return ttlNanos < 0 ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos(ttlNanos);
    }

    /**
     * Whether this record is to be preferred over {@code other} for the same name: the higher sequence, then the
     * later validity (the spec's and go-ipns's order).
     */
    public boolean betterThan(IpnsRecord other) {
        int c = Long.compareUnsigned(sequence, other.sequence);
        if (c != 0) {
            return c > 0;
        }
        return validity.isAfter(other.validity);
    }

    /**
     * Makes and signs a record of {@code value} for the name of {@code key}.
     *
     * @param v1Compatible also write the legacy V1 fields and signature, as Kubo does by default, so that readers
     *                     which only know V1 can still resolve the name
     * @throws IllegalArgumentException if the record would exceed {@link #MAX_SIZE}
     */
    public static IpnsRecord create(PrivateKey key, byte[] value, long sequence, Instant validity, long ttlNanos,
                                    boolean v1Compatible) {
        PublicKey pub = key.publicKey();
        PeerId id = PeerId.fromPublicKey(pub);
        String validityText = IpnsValidity.format(validity);
        byte[] validityBytes = validityText.getBytes(StandardCharsets.US_ASCII);
        Map<String, CborValue> fields = new LinkedHashMap<>();
        fields.put("Value", new CborBytes(value));
        fields.put("Validity", new CborBytes(validityBytes));
        fields.put("ValidityType", CborInteger.of(EOL));
        fields.put("Sequence", new CborInteger(unsigned(sequence)));
        fields.put("TTL", new CborInteger(unsigned(ttlNanos)));
        byte[] data = DagCbor.encode(new CborMap(fields));
        IpnsEntry.Builder b = IpnsEntry.newBuilder()
                .setData(ByteString.copyFrom(data))
                .setSignatureV2(ByteString.copyFrom(key.sign(concat(SIGNATURE_PREFIX, data))));
        if (id.extractPublicKey().isEmpty()) {
            b.setPubKey(ByteString.copyFrom(pub.marshal())); // the name is a hash: the key travels with the record
        }
        if (v1Compatible) {
            b.setValue(ByteString.copyFrom(value))
                    .setValidity(ByteString.copyFrom(validityBytes))
                    .setValidityType(EOL)
                    .setSequence(sequence)
                    .setTtl(ttlNanos)
                    .setSignatureV1(ByteString.copyFrom(key.sign(concat(value, validityBytes, EOL_TEXT))));
        }
        byte[] bytes = b.build().toByteArray();
        if (bytes.length > MAX_SIZE) {
            throw new IllegalArgumentException("the record would take " + bytes.length + " bytes (at most "
                    + MAX_SIZE + ")");
        }
        return new IpnsRecord(new IpnsName(id), value, sequence, validity, validityText, ttlNanos, bytes);
    }

    /**
     * Reads and verifies a serialized record of {@code name}: size, the V2 signature by the name's key, the
     * agreement of any V1 fields with the signed data, and a validity later than {@code now}.
     *
     * @throws InvalidIpnsRecordException if any check fails
     */
    public static IpnsRecord verify(IpnsName name, byte[] bytes, Instant now) throws InvalidIpnsRecordException {
        IpnsRecord r = verifySignature(name, bytes);
        if (!r.validity.isAfter(now)) {
            throw new InvalidIpnsRecordException("the record expired at " + r.validityText);
        }
        return r;
    }

    /**
     * As {@link #verify} without the expiry check: for showing what an expired record held (never for resolving).
     *
     * @throws InvalidIpnsRecordException if any other check fails
     */
    public static IpnsRecord verifySignature(IpnsName name, byte[] bytes) throws InvalidIpnsRecordException {
        if (bytes.length > MAX_SIZE) {
            throw new InvalidIpnsRecordException("a record of " + bytes.length + " bytes (at most " + MAX_SIZE + ")");
        }
        IpnsEntry e;
        try {
            e = IpnsEntry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException ex) {
            throw new InvalidIpnsRecordException("not an IPNS record: " + ex.getMessage(), ex);
        }
        if (!e.hasSignatureV2() || e.getSignatureV2().isEmpty() || !e.hasData() || e.getData().isEmpty()) {
            throw new InvalidIpnsRecordException("the record has no V2 signature or no data (V1-only records are "
                    + "not accepted)");
        }
        PublicKey key = signer(name, e);
        byte[] data = e.getData().toByteArray();
        if (!key.verify(concat(SIGNATURE_PREFIX, data), e.getSignatureV2().toByteArray())) {
            throw new InvalidIpnsRecordException("the V2 signature does not hold for " + name);
        }
        CborMap fields;
        try {
            if (!(DagCbor.decode(data) instanceof CborMap m)) {
                throw new InvalidIpnsRecordException("the record's data is not a map");
            }
            fields = m;
        } catch (DagCborException ex) {
            throw new InvalidIpnsRecordException("the record's data is not dag-cbor: " + ex.getMessage(), ex);
        }
        byte[] value = bytesField(fields, "Value");
        byte[] validityBytes = bytesField(fields, "Validity");
        long validityType = unsignedField(fields, "ValidityType");
        long sequence = unsignedField(fields, "Sequence");
        long ttl = unsignedField(fields, "TTL");
        if (e.hasValue() || e.hasSignatureV1()) {
            // legacy copies must say what the signed data says (the spec's step 7, compared as go-ipns does)
            if (!Arrays.equals(e.getValue().toByteArray(), value)
                    || !Arrays.equals(e.getValidity().toByteArray(), validityBytes)
                    || e.getValidityType() != validityType || e.getSequence() != sequence || e.getTtl() != ttl) {
                throw new InvalidIpnsRecordException("the record's V1 fields differ from its signed data");
            }
        }
        if (validityType != EOL) {
            throw new InvalidIpnsRecordException("unknown validity type " + Long.toUnsignedString(validityType));
        }
        String validityText = new String(validityBytes, StandardCharsets.US_ASCII);
        Instant validity = IpnsValidity.parse(validityText);
        return new IpnsRecord(name, value, sequence, validity, validityText, ttl, bytes);
    }

    private static PublicKey signer(IpnsName name, IpnsEntry e) throws InvalidIpnsRecordException {
        if (e.hasPubKey()) {
            PublicKey key;
            try {
                key = PublicKey.unmarshal(e.getPubKey().toByteArray());
            } catch (KeyFormatException ex) {
                throw new InvalidIpnsRecordException("the record's public key is malformed: " + ex.getMessage(), ex);
            }
            if (!name.peerId().matches(key)) {
                throw new InvalidIpnsRecordException("the record's public key is not the key of " + name);
            }
            return key;
        }
        Optional<PublicKey> inline = name.peerId().extractPublicKey();
        if (inline.isEmpty()) {
            throw new InvalidIpnsRecordException("the record has no public key and " + name + " does not hold one");
        }
        return inline.get();
    }

    private static byte[] bytesField(CborMap fields, String key) throws InvalidIpnsRecordException {
        if (fields.get(key).orElse(null) instanceof CborBytes b) {
            return b.bytes();
        }
        throw new InvalidIpnsRecordException("the record's data has no byte string " + key);
    }

    private static long unsignedField(CborMap fields, String key) throws InvalidIpnsRecordException {
        if (fields.get(key).orElse(null) instanceof CborInteger i && i.value().signum() >= 0
                && i.value().bitLength() <= 64) {
            return i.value().longValue();
        }
        throw new InvalidIpnsRecordException("the record's data has no unsigned integer " + key);
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpnsRecord r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "IpnsRecord[" + name + " -> " + path() + ", sequence " + Long.toUnsignedString(sequence)
                + ", valid until " + validityText + "]";
    }
}
