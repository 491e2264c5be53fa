package dev.ferry.store;

import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.multiformats.HashFunction;
import dev.ferry.multiformats.Multihash;
import dev.ferry.multiformats.MultiformatException;
import dev.ferry.multiformats.Multicodec;
import java.util.Objects;

/**
 * A block: bytes together with the CID they hash to. VERIFIED BY CONSTRUCTION: every constructor hashes the data
 * with the CID's hash function and throws {@link InvalidBlockException} on a mismatch (identity CIDs: the data must
 * equal the digest), so unverified bytes cannot reach a store or a caller. A CID whose hash function IPFS refuses
 * (boxo verifcid's allow-list, {@link HashFunction#checkAccepted}: sha1, unknown functions, digests under 20 bytes)
 * is refused before anything is hashed, as Kubo refuses it wherever it makes, fetches, stores or reads a block.
 *
 * <p>The data array is not copied: callers must not mutate it after construction, nor mutate {@link #data()}.
 * Equality and hash code are those of the CID (the data is determined by it).
 */
public final class Block {
    private final Cid cid;
    private final byte[] data;

    /** Verifies {@code data} against {@code cid}; throws {@link InvalidBlockException} on a mismatch. */
    public Block(Cid cid, byte[] data) {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(data, "data");
        checkHashFunction(cid);
        if (!cid.verifies(data)) {
            throw new InvalidBlockException("data (" + data.length + " bytes) does not match " + cid);
        }
        this.cid = cid;
        this.data = data;
    }

    /** For a CID that was just computed from these very bytes: hashing them a second time would prove nothing. */
    private Block(byte[] data, Cid computedFromData) {
        this.cid = computedFromData;
        this.data = data;
    }

    public Cid cid() {
        return cid;
    }

    public byte[] data() {
        return data;
    }

    /** Same as the constructor: verifies {@code data} against {@code cid}. */
    public static Block of(Cid cid, byte[] data) {
        return new Block(cid, data);
    }

    /**
     * Refuses a CID whose hash function IPFS does not accept.
     *
     * @throws InvalidBlockException saying why ({@value HashFunction#INSECURE}, or the digest length)
     */
    public static void checkHashFunction(Cid cid) {
        Multihash mh = cid.multihash();
        try {
            HashFunction.checkAccepted(mh.code(), mh.digestLength());
        } catch (MultiformatException e) {
            throw new InvalidBlockException(cid + ": " + e.getMessage());
        }
    }

    /** A block under the sha2-256 CID of {@code data} (version 0 only with dag-pb). */
    public static Block create(int cidVersion, long codec, byte[] data) {
        return new Block(data, Cid.of(cidVersion, codec, Objects.requireNonNull(data, "data")));
    }

    /**
     * A block under the CID of {@code data} hashed with {@code function} (version 0 only with dag-pb and sha2-256).
     *
     * @throws MultiformatException for a CID no block can have (CIDv0 with another function, a refused function)
     */
    public static Block create(int cidVersion, long codec, HashFunction function, byte[] data) {
        return new Block(data, Cid.of(cidVersion, codec, function, Objects.requireNonNull(data, "data")));
    }

    /**
     * The block {@code data} makes under {@code prefix}, hashed with the prefix's function and digest length: how a
     * block received with a Bitswap prefix gets its CID.
     *
     * @throws MultiformatException when the prefix's function or length is not accepted
     */
    public static Block create(CidPrefix prefix, byte[] data) {
        return new Block(data, prefix.cidOf(Objects.requireNonNull(data, "data")));
    }

    /** A CIDv1 raw block of {@code data}. */
    public static Block raw(byte[] data) {
        return create(1, Multicodec.RAW.code(), data);
    }

    /** Length of the data in bytes. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && cid.equals(b.cid);
    }

    @Override
    public int hashCode() {
        return cid.hashCode();
    }

    @Override
    public String toString() {
        return "Block[" + cid + ", " + data.length + " bytes]";
    }
}
