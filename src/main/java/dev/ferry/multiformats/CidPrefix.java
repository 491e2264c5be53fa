package dev.ferry.multiformats;

import java.nio.ByteBuffer;

/**
 * A CID without its digest, as Bitswap 1.1+ and ferry's request protocol send it before each block:
 * {@code varint(version) varint(codec) varint(multihash code) varint(digest length)}. The receiver hashes the data
 * to get the CID, so a block can only ever be filed under the CID its bytes hash to, with the prefix's own function
 * ({@link HashFunction}). Prefixes with a function IPFS refuses (sha1, unknown codes, digests under 20 bytes) decode,
 * and {@link #rebuildable()} says they cannot be rebuilt.
 *
 * <p>Known answers: CIDv0 dag-pb {@code 00 70 12 20}, CIDv1 raw {@code 01 55 12 20}.
 */
public record CidPrefix(int version, long codec, long hashFunction, int digestLength) {
    /** Four varints of at most 9 bytes: anything longer is malformed. */
    public static final int MAX_LENGTH = 4 * Varint.MAX_BYTES;

    /** The only prefix a CIDv0 has. */
    public static final CidPrefix V0 = new CidPrefix(0, Multicodec.DAG_PB.code(), Multicodec.SHA2_256.code(), 32);

    public CidPrefix {
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("CID version " + version);
        }
        if (codec < 0 || hashFunction < 0 || digestLength < 0 || digestLength > Multihash.MAX_DIGEST_LENGTH) {
            throw new IllegalArgumentException("CID prefix field out of range");
        }
    }

    /** The prefix of {@code cid}. */
    public static CidPrefix of(Cid cid) {
        Multihash mh = cid.multihash();
        return new CidPrefix(cid.version(), cid.codec(), mh.code(), mh.digestLength());
    }

    /** Whether {@code cid} has this prefix. */
    public boolean matches(Cid cid) {
        return equals(of(cid));
    }

    public byte[] encode() {
        byte[] out = new byte[Varint.size(version) + Varint.size(codec) + Varint.size(hashFunction)
                + Varint.size(digestLength)];
        int off = Varint.write(version, out, 0);
        off += Varint.write(codec, out, off);
        off += Varint.write(hashFunction, out, off);
        Varint.write(digestLength, out, off);
        return out;
    }

    /**
     * Decodes exactly {@code bytes}: four minimal varints, nothing after them; a CIDv0 prefix must be dag-pb
     * sha2-256/32.
     *
     * @throws MultiformatException otherwise
     */
    public static CidPrefix decode(byte[] bytes) {
        if (bytes.length > MAX_LENGTH) {
            throw new MultiformatException("CID prefix of " + bytes.length + " bytes");
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long version = Varint.decode(buf);
            long codec = Varint.decode(buf);
            long hash = Varint.decode(buf);
            long len = Varint.decode(buf);
            if (buf.hasRemaining()) {
                throw new MultiformatException("trailing bytes after the CID prefix");
            }
            if (version > 1) {
                throw new MultiformatException("CID version " + version);
            }
            if (len > Multihash.MAX_DIGEST_LENGTH) {
                throw new MultiformatException("digest length " + len);
            }
            if (version == 0 && !(codec == Multicodec.DAG_PB.code() && hash == Multicodec.SHA2_256.code()
                    && len == 32)) {
                throw new MultiformatException("a CIDv0 prefix must be dag-pb sha2-256/32");
            }
            return new CidPrefix((int) version, codec, hash, (int) len);
        } catch (MultiformatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MultiformatException("malformed CID prefix: " + e.getMessage(), e);
        }
    }

    /** True when {@link #cidOf} can rebuild CIDs with this prefix: an accepted function and digest length. */
    public boolean rebuildable() {
        return HashFunction.isAccepted(hashFunction, digestLength);
    }

    /**
     * The CID of {@code data} under this prefix, computed by hashing {@code data} with the prefix's function.
     *
     * @throws MultiformatException the function or digest length is not accepted ({@link HashFunction#checkAccepted})
     */
    public Cid cidOf(byte[] data) {
        Multihash mh;
        if (hashFunction == 0x12 && digestLength == 32) {
            mh = Multihash.sha256(data);
        } else {
            HashFunction.checkAccepted(hashFunction, digestLength);
            mh = HashFunction.byCode(hashFunction).orElseThrow().hash(data, digestLength);
        }
        return version == 0 ? Cid.v0(mh) : Cid.v1(codec, mh);
    }
}
