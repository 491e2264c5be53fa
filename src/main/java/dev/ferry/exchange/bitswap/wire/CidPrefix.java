package dev.ferry.exchange.bitswap.wire;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Multihash;
import dev.ferry.multiformats.Varint;
import java.nio.ByteBuffer;

/**
 * The CID prefix Bitswap 1.1+ sends with each block: {@code varint(version) varint(codec) varint(mhcode)
 * varint(mhlen)}. The receiver rebuilds the CID by hashing the data, so a block can only ever be filed under the CID
 * its bytes hash to. Only sha2-256 with a 32-byte digest can be rebuilt (that is what every IPFS implementation
 * sends); other prefixes decode but {@link #cidOf} refuses them.
 *
 * <p>Known answers: CIDv0 dag-pb {@code 00 70 12 20}, CIDv1 raw {@code 01 55 12 20}.
 */
public record CidPrefix(int version, long codec, long hashFunction, int digestLength) {
    /** Prefixes longer than this are malformed (four varints of at most 9 bytes). */
    public static final int MAX_LENGTH = 4 * 9;

    public static final CidPrefix V0 = new CidPrefix(0, Multicodec.DAG_PB.code(), Multicodec.SHA2_256.code(), 32);

    public CidPrefix {
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("CID version " + version);
        }
        if (codec < 0 || hashFunction < 0 || digestLength < 0) {
            throw new IllegalArgumentException("negative prefix field");
        }
    }

    /** The prefix of {@code cid}. */
    public static CidPrefix of(Cid cid) {
        Multihash mh = cid.multihash();
        return new CidPrefix(cid.version(), cid.codec(), mh.code(), mh.digestLength());
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

    /** Decodes exactly {@code bytes}: four minimal varints, nothing after them. */
    public static CidPrefix decode(byte[] bytes) throws BitswapWireException {
        if (bytes.length > MAX_LENGTH) {
            throw new BitswapWireException("CID prefix of " + bytes.length + " bytes");
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long version = Varint.decode(buf);
            long codec = Varint.decode(buf);
            long hash = Varint.decode(buf);
            long len = Varint.decode(buf);
            if (buf.hasRemaining()) {
                throw new BitswapWireException("trailing bytes after CID prefix");
            }
            if (version > 1) {
                throw new BitswapWireException("CID version " + version);
            }
            if (len > Multihash.MAX_DIGEST_LENGTH) {
                throw new BitswapWireException("digest length " + len);
            }
            if (version == 0 && !(codec == Multicodec.DAG_PB.code() && hash == Multicodec.SHA2_256.code()
                    && len == 32)) {
                throw new BitswapWireException("CIDv0 prefix must be dag-pb sha2-256/32");
            }
            return new CidPrefix((int) version, codec, hash, (int) len);
        } catch (IllegalArgumentException e) {
            throw new BitswapWireException("malformed CID prefix: " + e.getMessage(), e);
        }
    }

    /** True when {@link #cidOf} can rebuild CIDs with this prefix. */
    public boolean rebuildable() {
        return hashFunction == Multicodec.SHA2_256.code() && digestLength == 32;
    }

    /**
     * The CID of {@code data} under this prefix, computed by hashing {@code data}.
     *
     * @throws BitswapWireException the hash function is not sha2-256/32
     */
    public Cid cidOf(byte[] data) throws BitswapWireException {
        if (!rebuildable()) {
            throw new BitswapWireException("cannot rebuild a CID with hash 0x" + Long.toHexString(hashFunction) + "/"
                    + digestLength);
        }
        Multihash mh = Multihash.sha256(data);
        return version == 0 ? Cid.v0(mh) : Cid.v1(codec, mh);
    }
}
