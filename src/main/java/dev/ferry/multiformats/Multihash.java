package dev.ferry.multiformats;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A self-describing hash: {@code varint(code) varint(digest length) digest}. Immutable; equality and hash code are
 * over the full encoding (cached). Digests are limited to {@value #MAX_DIGEST_LENGTH} bytes, checked before anything
 * is allocated (this also bounds identity multihashes, as Kubo does).
 */
public final class Multihash {
    /** Largest digest accepted anywhere in this class. */
    public static final int MAX_DIGEST_LENGTH = 128;

    private final long code;
    private final byte[] bytes;
    private final int digestOffset;
    private final int hash;

    private Multihash(long code, byte[] bytes, int digestOffset) {
        this.code = code;
        this.bytes = bytes;
        this.digestOffset = digestOffset;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The hash function's multicodec code. */
    public long code() {
        return code;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return Arrays.copyOfRange(bytes, digestOffset, bytes.length);
    }

    public int digestLength() {
        return bytes.length - digestOffset;
    }

    /** A copy of the full encoding. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int encodedLength() {
        return bytes.length;
    }

    /** Writes the encoding into {@code dst} at {@code off}; returns the number of bytes written. */
    public int writeTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
        return bytes.length;
    }

    /** Writes the encoding into the buffer, advancing its position. */
    public void writeTo(ByteBuffer dst) {
        dst.put(bytes);
    }

    public static Multihash sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    /**
     * One SHA-256 engine per thread, reused: looking the algorithm up through the providers cost a tree of small files
     * 4% of its import (two hashes per file). {@code digest} leaves the engine reset for the next use.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> HashFunction.messageDigest("SHA-256"));

    public static Multihash sha256(byte[] data, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        MessageDigest md = SHA256.get();
        md.update(data, off, len);
        byte[] out = new byte[34];
        out[0] = 0x12;
        out[1] = 0x20;
        try {
            md.digest(out, 2, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        return new Multihash(0x12, out, 2);
    }

    /**
     * The identity multihash: the digest is the data itself.
     *
     * @throws MultiformatException if data is longer than {@value #MAX_DIGEST_LENGTH} bytes
     */
    public static Multihash identity(byte[] data) {
        return of(Multicodec.IDENTITY.code(), data);
    }

    /**
     * A multihash from a function code and a digest (copied). The digest length is not checked against the
     * function; truncated digests are representable.
     *
     * @throws MultiformatException on a negative code or a digest longer than {@value #MAX_DIGEST_LENGTH} bytes
     */
    public static Multihash of(long code, byte[] digest) {
        if (code < 0) {
            throw new MultiformatException("negative multihash code");
        }
        if (digest.length > MAX_DIGEST_LENGTH) {
            throw new MultiformatException("multihash digest too long: " + digest.length + " > " + MAX_DIGEST_LENGTH);
        }
        int head = Varint.size(code) + Varint.size(digest.length);
        byte[] out = new byte[head + digest.length];
        int o = Varint.write(code, out, 0);
        Varint.write(digest.length, out, o);
        System.arraycopy(digest, 0, out, head, digest.length);
        return new Multihash(code, out, head);
    }

    /**
     * Decodes exactly one multihash occupying all of {@code bytes}.
     *
     * @throws MultiformatException if malformed or followed by extra bytes
     */
    public static Multihash decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Multihash mh = read(buf);
        if (buf.hasRemaining()) {
            throw new MultiformatException(buf.remaining() + " trailing bytes after multihash");
        }
        return mh;
    }

    /**
     * Reads one multihash at the buffer's position and advances past it; on failure the position is unchanged.
     *
     * @throws MultiformatException if malformed, truncated, or the digest exceeds the cap
     */
    public static Multihash read(ByteBuffer buf) {
        int start = buf.position();
        try {
            long code = Varint.decode(buf);
            long len = Varint.decode(buf);
            if (len > MAX_DIGEST_LENGTH) {
                throw new MultiformatException("multihash digest too long: " + len + " > " + MAX_DIGEST_LENGTH);
            }
            if (len > buf.remaining()) {
                throw new MultiformatException("truncated multihash digest: " + len + " > " + buf.remaining());
            }
            int total = buf.position() + (int) len - start;
            byte[] out = new byte[total];
            buf.position(start);
            buf.get(out);
            return new Multihash(code, out, total - (int) len);
        } catch (MultiformatException e) {
            buf.position(start);
            throw e;
        }
    }

    /**
     * Whether this multihash is the hash of {@code data}, recomputed with the same function ({@link HashFunction}: the
     * accepted functions and sha1) at this digest's length (a truncated digest is compared with the start of the full
     * one). A function ferry does not compute answers false. Whether the function is accepted at all is
     * {@link HashFunction#checkAccepted}'s question, not this one's.
     */
    public boolean verifies(byte[] data) {
        if (code == 0x12 && digestLength() == 32) {
            MessageDigest md = SHA256.get();
            byte[] actual = md.digest(data);
            return MessageDigest.isEqual(actual, digest());
        }
        return HashFunction.byCode(code).map(f -> f.verifies(this, data)).orElse(false);
    }

    /** Whether the digest equals {@code other[off, off+len)} (time independent of where they differ). */
    static boolean digestEquals(Multihash mh, byte[] other, int off, int len) {
        if (len != mh.digestLength()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= mh.bytes[mh.digestOffset + i] ^ other[off + i];
        }
        return diff == 0;
    }

    /** The name of a hash function code ferry computes or knows to refuse; empty for any other code. */
    public static java.util.Optional<String> functionName(long code) {
        return HashFunction.nameOf(code);
    }

    /** Bare base58btc of the encoding (the legacy text form of peer IDs and CIDv0). */
    public String toBase58() {
        return Base58.encode(bytes);
    }

    boolean isSha256Full() {
        return code == 0x12 && digestLength() == 32;
    }

    /** The internal encoding, not copied: package use only, never mutate. */
    byte[] rawBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Multihash m && m.hash == hash && Arrays.equals(m.bytes, bytes));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        String name = Multicodec.byCode(code).map(Multicodec::codecName).orElse("0x" + Long.toHexString(code));
        return name + ":" + java.util.HexFormat.of().formatHex(bytes, digestOffset, bytes.length);
    }
}
