package dev.ferry.multiformats;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A content identifier. v0 is a bare sha2-256 multihash of a dag-pb block (text: bare base58btc, "Qm…"); v1 is
 * {@code varint(1) varint(codec) multihash} (text: multibase, base32 lower by default). Immutable; equality and hash
 * code are over the binary form (cached), so a v0 CID and its v1 twin are different CIDs.
 */
public final class Cid {
    private static final int V0_LENGTH = 34;

    private final int version;
    private final long codec;
    private final Multihash multihash;
    private final byte[] bytes;
    private final int hash;
    /** Lazily computed default text form; a benign race (Strings are immutable). */
    private String text;

    private Cid(int version, long codec, Multihash multihash, byte[] bytes) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public int version() {
        return version;
    }

    /** The content codec (dag-pb for every v0 CID). */
    public long codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    /**
     * @throws MultiformatException unless the multihash is sha2-256 with a 32-byte digest
     */
    public static Cid v0(Multihash mh) {
        if (!mh.isSha256Full()) {
            throw new MultiformatException("CIDv0 needs a sha2-256 multihash with a 32-byte digest, got " + mh);
        }
        return new Cid(0, Multicodec.DAG_PB.code(), mh, mh.rawBytes());
    }

    /**
     * @throws MultiformatException on a negative codec
     */
    public static Cid v1(long codec, Multihash mh) {
        if (codec < 0) {
            throw new MultiformatException("negative codec");
        }
        byte[] mhBytes = mh.rawBytes();
        int head = 1 + Varint.size(codec);
        byte[] out = new byte[head + mhBytes.length];
        out[0] = 1;
        Varint.write(codec, out, 1);
        System.arraycopy(mhBytes, 0, out, head, mhBytes.length);
        return new Cid(1, codec, mh, out);
    }

    /**
     * The CID of {@code data} hashed with sha2-256.
     *
     * @throws MultiformatException for a version other than 0 or 1, or v0 with a codec other than dag-pb
     */
    public static Cid of(int version, long codec, byte[] data) {
        return switch (version) {
            case 0 -> {
                if (codec != Multicodec.DAG_PB.code()) {
                    throw new MultiformatException("CIDv0 is only for dag-pb");
                }
                yield v0(Multihash.sha256(data));
            }
            case 1 -> v1(codec, Multihash.sha256(data));
            default -> throw new MultiformatException("unsupported CID version " + version);
        };
    }

    /**
     * The CID of {@code data} hashed with {@code function} at its default length.
     *
     * @throws MultiformatException for a version other than 0 or 1, v0 with a codec other than dag-pb or a function
     *                              other than sha2-256, or a function IPFS refuses
     */
    public static Cid of(int version, long codec, HashFunction function, byte[] data) {
        if (function.code() == Multicodec.SHA2_256.code()) {
            return of(version, codec, data);
        }
        if (version == 0) {
            throw new MultiformatException("CIDv0 only supports sha2-256");
        }
        if (version != 1) {
            throw new MultiformatException("unsupported CID version " + version);
        }
        if (!function.accepted()) {
            throw new MultiformatException(HashFunction.INSECURE + ": " + function.functionName());
        }
        return v1(codec, function.hash(data));
    }

    /**
     * The CID of {@code data} hashed with {@code function} to a digest of {@code digestLength} bytes (-1: the
     * function's own; shorter: truncated), as Kubo's {@code block put --mhtype --mhlen} makes it.
     *
     * @throws MultiformatException for a CID IPFS refuses: CIDv0 other than dag-pb sha2-256/32, a refused function, a
     *                              digest under 20 bytes or longer than the function gives
     */
    public static Cid of(int version, long codec, HashFunction function, int digestLength, byte[] data) {
        if (version == 0 && (function.code() != Multicodec.SHA2_256.code()
                || (digestLength != -1 && digestLength != 32))) {
            throw new MultiformatException("CIDv0 only supports sha2-256 with a 32-byte digest");
        }
        if (!function.accepted()) {
            throw new MultiformatException(HashFunction.INSECURE + ": " + function.functionName());
        }
        Multihash mh = function.hash(data, digestLength);
        HashFunction.checkAccepted(mh.code(), mh.digestLength());
        return switch (version) {
            case 0 -> {
                if (codec != Multicodec.DAG_PB.code()) {
                    throw new MultiformatException("CIDv0 is only for dag-pb");
                }
                yield v0(mh);
            }
            case 1 -> v1(codec, mh);
            default -> throw new MultiformatException("unsupported CID version " + version);
        };
    }

    /**
     * Parses the text form: 46 characters starting "Qm" are a v0 CID in bare base58btc; anything else is multibase,
     * whose decoded bytes must be a v1 CID (a leading 0x12, the "CIDv18" ambiguity, is rejected).
     *
     * @throws MultiformatException if the text is not a CID
     */
    public static Cid parse(String text) {
        if (text.length() == 46 && text.startsWith("Qm")) {
            Cid cid = decode(Base58.decode(text));
            if (cid.version != 0) {
                throw new MultiformatException("\"Qm\" text is not a CIDv0");
            }
            return cid;
        }
        byte[] raw = Multibase.decode(text);
        if (raw.length > 0 && raw[0] == 0x12) {
            throw new MultiformatException("multibase-encoded CIDv0 is not a CID (no CIDv18)");
        }
        return decode(raw);
    }

    /**
     * The base a CID's text is written in: base58btc for the bare v0 form, otherwise the multibase prefix's. Only
     * the text is looked at; it need not be a valid CID.
     *
     * @throws MultiformatException for empty text or an unknown prefix
     */
    public static Multibase textBase(String text) {
        if (text.length() == 46 && text.startsWith("Qm")) {
            return Multibase.BASE58BTC;
        }
        return Multibase.of(text);
    }

    /**
     * Decodes exactly one binary CID occupying all of {@code bytes}.
     *
     * @throws MultiformatException if malformed or followed by extra bytes
     */
    public static Cid decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Cid cid = read(buf);
        if (buf.hasRemaining()) {
            throw new MultiformatException(buf.remaining() + " trailing bytes after CID");
        }
        return cid;
    }

    /**
     * Reads one binary CID at the buffer's position and advances past it; on failure the position is unchanged.
     * Bytes {@code 12 20} start a v0 CID (34 bytes); otherwise a version varint that must be 1.
     *
     * @throws MultiformatException if malformed or truncated
     */
    public static Cid read(ByteBuffer buf) {
        int start = buf.position();
        try {
            if (buf.remaining() >= 2 && buf.get(start) == 0x12 && buf.get(start + 1) == 0x20) {
                if (buf.remaining() < V0_LENGTH) {
                    throw new MultiformatException("truncated CIDv0");
                }
                return v0(Multihash.read(buf));
            }
            long version = Varint.decode(buf);
            if (version != 1) {
                throw new MultiformatException("unsupported CID version " + version);
            }
            long codec = Varint.decode(buf);
            Multihash mh = Multihash.read(buf);
            int end = buf.position();
            byte[] out = new byte[end - start];
            buf.get(start, out);
            return new Cid(1, codec, mh, out);
        } catch (MultiformatException e) {
            buf.position(start);
            throw e;
        }
    }

    /** A copy of the binary form. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int encodedLength() {
        return bytes.length;
    }

    /** Writes the binary form into the buffer, advancing its position. */
    public void writeTo(ByteBuffer dst) {
        dst.put(bytes);
    }

    /** v0: bare base58btc; v1: base32 lower with the {@code b} prefix. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = version == 0 ? Base58.encode(bytes) : Multibase.BASE32.encode(bytes);
            text = t;
        }
        return t;
    }

    /**
     * The text form in the given base.
     *
     * @throws MultiformatException for a v0 CID in any base but base58btc (v0 has no multibase form)
     */
    public String toString(Multibase base) {
        if (version == 0) {
            if (base != Multibase.BASE58BTC) {
                throw new MultiformatException("CIDv0 only has a base58btc text form");
            }
            return Base58.encode(bytes);
        }
        return base.encode(bytes);
    }

    public Cid toV1() {
        return version == 1 ? this : v1(codec, multihash);
    }

    /**
     * @throws MultiformatException unless this is dag-pb with a sha2-256/32 multihash
     */
    public Cid toV0() {
        if (version == 0) {
            return this;
        }
        if (codec != Multicodec.DAG_PB.code()) {
            throw new MultiformatException("only dag-pb CIDs have a v0 form");
        }
        return v0(multihash);
    }

    /** Whether the multihash is identity (the content is inlined in the CID). */
    public boolean isIdentity() {
        return multihash.code() == Multicodec.IDENTITY.code();
    }

    /** Whether {@code data} hashes to this CID's multihash. */
    public boolean verifies(byte[] data) {
        return multihash.verifies(data);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Cid c && c.hash == hash && Arrays.equals(c.bytes, bytes));
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
