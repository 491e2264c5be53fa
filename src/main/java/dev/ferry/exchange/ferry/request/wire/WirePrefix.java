package dev.ferry.exchange.ferry.request.wire;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multihash;
import dev.ferry.multiformats.Varint;
import java.nio.ByteBuffer;

/**
 * The CID prefix sent with each block, as Bitswap 1.1+ does: {@code varint(version) varint(codec) varint(mhcode)
 * varint(digest length)}. The client compares it with the CID it expects next and verifies the data against that CID.
 */
public record WirePrefix(int version, long codec, long hashFunction, int digestLength) {
    /** Four varints of at most 9 bytes. */
    public static final int MAX_LENGTH = 4 * 9;

    public WirePrefix {
        if (version != 0 && version != 1) {
            throw new IllegalArgumentException("CID version " + version);
        }
        if (codec < 0 || hashFunction < 0 || digestLength < 0 || digestLength > Multihash.MAX_DIGEST_LENGTH) {
            throw new IllegalArgumentException("prefix field out of range");
        }
    }

    public static WirePrefix of(Cid cid) {
        Multihash mh = cid.multihash();
        return new WirePrefix(cid.version(), cid.codec(), mh.code(), mh.digestLength());
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

    /** Decodes exactly {@code bytes}: four minimal varints, nothing after them. */
    public static WirePrefix decode(byte[] bytes) throws RequestFormatException {
        if (bytes.length > MAX_LENGTH) {
            throw new RequestFormatException("CID prefix of " + bytes.length + " bytes");
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long version = Varint.decode(buf);
            long codec = Varint.decode(buf);
            long hash = Varint.decode(buf);
            long len = Varint.decode(buf);
            if (buf.hasRemaining()) {
                throw new RequestFormatException("trailing bytes after the CID prefix");
            }
            if (version > 1 || len > Multihash.MAX_DIGEST_LENGTH) {
                throw new RequestFormatException("CID prefix out of range");
            }
            return new WirePrefix((int) version, codec, hash, (int) len);
        } catch (RuntimeException e) {
            throw new RequestFormatException("malformed CID prefix: " + e.getMessage(), e);
        }
    }
}
