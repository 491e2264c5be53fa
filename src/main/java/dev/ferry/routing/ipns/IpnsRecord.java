package dev.ferry.routing.ipns;

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
import dev.ferry.routing.ipns.wire.IpnsEntry;
import dev.ferry.routing.ipns.wire.IpnsEntryCodec;
import dev.ferry.routing.ipns.wire.IpnsWireException;
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
        byte[] signatureV2 = key.sign(concat(SIGNATURE_PREFIX, data));
        // the name is a hash (RSA): the key travels with the record
        byte[] pubKey = id.extractPublicKey().isEmpty() ? pub.marshal() : null;
        IpnsEntry e = v1Compatible
                ? new IpnsEntry(value, key.sign(concat(value, validityBytes, EOL_TEXT)), EOL, validityBytes, sequence,
                        ttlNanos, pubKey, signatureV2, data)
                : new IpnsEntry(null, null, null, null, null, null, pubKey, signatureV2, data);
        byte[] bytes = IpnsEntryCodec.encode(e);
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
            e = IpnsEntryCodec.decode(bytes);
        } catch (IpnsWireException ex) {
            throw new InvalidIpnsRecordException(ex.getMessage(), ex);
        }
        if (e.signatureV2() == null || e.signatureV2().length == 0 || e.data() == null || e.data().length == 0) {
            throw new InvalidIpnsRecordException("the record has no V2 signature or no data (V1-only records are "
                    + "not accepted)");
        }
        PublicKey key = signer(name, e);
        byte[] data = e.data();
        if (!key.verify(concat(SIGNATURE_PREFIX, data), e.signatureV2())) {
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
        if (e.hasV1()) {
            // legacy copies must say what the signed data says (the spec's step 7, compared as go-ipns does: an
            // absent field reads as empty or zero)
            if (!Arrays.equals(orEmpty(e.value()), value) || !Arrays.equals(orEmpty(e.validity()), validityBytes)
                    || orZero(e.validityType()) != validityType || orZero(e.sequence()) != sequence
                    || orZero(e.ttl()) != ttl) {
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

    private static byte[] orEmpty(byte[] b) {
        return b == null ? new byte[0] : b;
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static PublicKey signer(IpnsName name, IpnsEntry e) throws InvalidIpnsRecordException {
        if (e.pubKey() != null) {
            PublicKey key;
            try {
                key = PublicKey.unmarshal(e.pubKey());
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
