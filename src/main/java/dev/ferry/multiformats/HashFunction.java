package dev.ferry.multiformats;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Xof;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * The multihash functions ferry computes, in one table: what makes content ({@code add --hash},
 * {@code block put --mhtype}, ...), what checks every block received or read ({@link Multihash#verifies}) and what
 * rebuilds a CID from a Bitswap prefix ({@link CidPrefix#cidOf}) all hash here.
 *
 * <p>Which functions are ACCEPTED follows the allow-list of boxo's {@code verifcid} (what Kubo makes, fetches, stores
 * and reads): sha2-256, sha2-512, sha3-224/256/384/512, shake-256, keccak-224/256/384/512, dbl-sha2-256, blake3,
 * blake2b-160..512, blake2s-160..256 and identity; every other function, sha1 included, is refused as
 * {@value #INSECURE}, and so is a digest shorter than {@value #MIN_DIGEST_LENGTH} bytes (identity excepted). sha1 is
 * still computed, only to tell a stored sha1 block intact ({@code repo verify}); nothing makes, takes or reads one.
 *
 * <p>A digest may be shorter than the function's own (go-multihash's truncation, {@code block put --mhlen}); blake3
 * is extendable and gives up to {@value Multihash#MAX_DIGEST_LENGTH} bytes. sha2-256 keeps the fast path of
 * {@link Multihash#sha256}. sha2 and sha3 come from the JDK, the others from BouncyCastle. Thread-safe.
 */
public final class HashFunction {
    /** Kubo's error (boxo verifcid) for a function outside the allow-list. */
    public static final String INSECURE = "potentially insecure hash functions not allowed";
    /** The shortest digest accepted (boxo verifcid), identity excepted. */
    public static final int MIN_DIGEST_LENGTH = 20;

    /** Computes {@code outLen} bytes of digest of {@code data[off, off+len)} into {@code out}. */
    @FunctionalInterface
    private interface Engine {
        void digest(byte[] data, int off, int len, byte[] out, int outLen);
    }

    private static final Map<Long, HashFunction> BY_CODE = new TreeMap<>();
    private static final Map<String, HashFunction> BY_NAME = new HashMap<>();
    /** Names go-multihash knows that ferry neither makes nor accepts: refused as insecure, not unrecognized. */
    private static final Map<String, Long> REFUSED = new HashMap<>();

    public static final HashFunction IDENTITY;
    public static final HashFunction SHA2_256;
    public static final HashFunction SHA2_512;
    public static final HashFunction SHA3_256;
    public static final HashFunction SHA3_512;
    public static final HashFunction BLAKE2B_256;
    public static final HashFunction BLAKE3;

    static {
        IDENTITY = add(0x00, "identity", 0, true, false, null);
        add(0x11, "sha1", 20, false, false, jdk("SHA-1"));
        SHA2_256 = add(0x12, "sha2-256", 32, true, false, jdk("SHA-256"));
        SHA2_512 = add(0x13, "sha2-512", 64, true, false, jdk("SHA-512"));
        SHA3_512 = add(0x14, "sha3-512", 64, true, false, jdk("SHA3-512"));
        add(0x15, "sha3-384", 48, true, false, jdk("SHA3-384"));
        SHA3_256 = add(0x16, "sha3-256", 32, true, false, jdk("SHA3-256"));
        add(0x17, "sha3-224", 28, true, false, jdk("SHA3-224"));
        add(0x19, "shake-256", 64, true, false, bcXof(() -> new SHAKEDigest(256)));
        add(0x1a, "keccak-224", 28, true, false, bc(() -> new KeccakDigest(224)));
        add(0x1b, "keccak-256", 32, true, false, bc(() -> new KeccakDigest(256)));
        add(0x1c, "keccak-384", 48, true, false, bc(() -> new KeccakDigest(384)));
        add(0x1d, "keccak-512", 64, true, false, bc(() -> new KeccakDigest(512)));
        BLAKE3 = add(0x1e, "blake3", 32, true, true, bcXof(Blake3Digest::new));
        add(0x56, "dbl-sha2-256", 32, true, false, doubleSha256());
        HashFunction b2b256 = null;
        for (int bits = 8; bits <= 512; bits += 8) {
            int size = bits;
            String name = "blake2b-" + bits;
            if (bits / 8 < MIN_DIGEST_LENGTH) {
                REFUSED.put(name, 0xb200L + bits / 8);
            } else {
                HashFunction f = add(0xb200 + bits / 8, name, bits / 8, true, false, bc(() -> new Blake2bDigest(size)));
                if (bits == 256) {
                    b2b256 = f;
                }
            }
        }
        BLAKE2B_256 = b2b256;
        for (int bits = 8; bits <= 256; bits += 8) {
            int size = bits;
            String name = "blake2s-" + bits;
            if (bits / 8 < MIN_DIGEST_LENGTH) {
                REFUSED.put(name, 0xb240L + bits / 8);
            } else {
                add(0xb240 + bits / 8, name, bits / 8, true, false, bc(() -> new Blake2sDigest(size)));
            }
        }
        REFUSED.put("md5", 0xd5L);
        REFUSED.put("shake-128", 0x18L);
        REFUSED.put("sha2-384", 0x20L);
        REFUSED.put("murmur3-x64-64", 0x22L);
        REFUSED.put("sha2-256-trunc254-padded", 0x1012L);
        REFUSED.put("sha2-224", 0x1013L);
        REFUSED.put("sha2-512-224", 0x1014L);
        REFUSED.put("sha2-512-256", 0x1015L);
        REFUSED.put("murmur3-x64-128", 0x1022L);
        REFUSED.put("x11", 0x1100L);
    }

    private final long code;
    private final String name;
    private final int length;
    private final boolean accepted;
    private final boolean extendable;
    private final Engine engine;

    private HashFunction(long code, String name, int length, boolean accepted, boolean extendable, Engine engine) {
        this.code = code;
        this.name = name;
        this.length = length;
        this.accepted = accepted;
        this.extendable = extendable;
        this.engine = engine;
    }

    private static HashFunction add(long code, String name, int length, boolean accepted, boolean extendable,
                                    Engine engine) {
        HashFunction f = new HashFunction(code, name, length, accepted, extendable, engine);
        BY_CODE.put(code, f);
        BY_NAME.put(name, f);
        return f;
    }

    /** The multicodec code. */
    public long code() {
        return code;
    }

    /** The name in the multicodec table, as Kubo spells it ({@code "sha2-256"}, {@code "blake2b-256"}). */
    public String functionName() {
        return name;
    }

    /** The digest length, in bytes, of a multihash made with the default length (identity: 0, any length). */
    public int defaultLength() {
        return length;
    }

    /** Whether content with this function is made and taken (the verifcid allow-list). */
    public boolean accepted() {
        return accepted;
    }

    /** The accepted functions by code: what ferry makes and takes, and lists in {@code cid hashes}. */
    public static List<HashFunction> acceptedFunctions() {
        List<HashFunction> out = new ArrayList<>();
        for (HashFunction f : BY_CODE.values()) {
            if (f.accepted) {
                out.add(f);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The function with this code, if ferry computes it (accepted or not). */
    public static Optional<HashFunction> byCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /**
     * The name of a hash function code: one ferry computes, or one it knows only to refuse; empty for any other
     * code.
     */
    public static Optional<String> nameOf(long code) {
        HashFunction f = BY_CODE.get(code);
        if (f != null) {
            return Optional.of(f.name);
        }
        return REFUSED.entrySet().stream().filter(e -> e.getValue() == code).map(Map.Entry::getKey).findFirst();
    }

    /**
     * The function to make content with, by its name in any letter case.
     *
     * @throws MultiformatException {@code unrecognized hash function: "x"} for a name no multihash has, and
     *                              {@value #INSECURE} for a function IPFS refuses (sha1, md5, blake2b-128, ...)
     */
    public static HashFunction named(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        HashFunction f = BY_NAME.get(name);
        if (f != null && f.accepted) {
            return f;
        }
        if (f != null || REFUSED.containsKey(name)) {
            throw new MultiformatException(INSECURE + ": " + name);
        }
        throw new MultiformatException("unrecognized hash function: \"" + name + "\"");
    }

    /** Whether a name is one of a function ferry makes content with (in any letter case). */
    public static boolean isAcceptedName(String text) {
        HashFunction f = BY_NAME.get(text.toLowerCase(Locale.ROOT));
        return f != null && f.accepted;
    }

    /**
     * Refuses what boxo's verifcid refuses: a function outside the allow-list (or one ferry does not compute), a
     * digest shorter than {@value #MIN_DIGEST_LENGTH} bytes, or longer than the function gives.
     *
     * @throws MultiformatException saying which
     */
    public static void checkAccepted(long code, int digestLength) {
        if (code == 0x12 && digestLength == 32) {
            return; // nearly every block: no lookup
        }
        HashFunction f = BY_CODE.get(code);
        if (f == null || !f.accepted) {
            String name = nameOf(code).orElse("0x" + Long.toHexString(code));
            throw new MultiformatException(INSECURE + ": " + name);
        }
        f.checkLength(digestLength);
    }

    /** Whether {@link #checkAccepted} passes. */
    public static boolean isAccepted(long code, int digestLength) {
        if (code == 0x12 && digestLength == 32) {
            return true;
        }
        HashFunction f = BY_CODE.get(code);
        return f != null && f.accepted && f.lengthProblem(digestLength) == null;
    }

    private void checkLength(int digestLength) {
        String problem = lengthProblem(digestLength);
        if (problem != null) {
            throw new MultiformatException(problem);
        }
    }

    private String lengthProblem(int digestLength) {
        if (engine == null) {
            return digestLength > Multihash.MAX_DIGEST_LENGTH
                    ? "hashes must be at most " + Multihash.MAX_DIGEST_LENGTH + " bytes long" : null;
        }
        if (digestLength < MIN_DIGEST_LENGTH) {
            return "hashes must be at least " + MIN_DIGEST_LENGTH + " bytes long";
        }
        int max = extendable ? Multihash.MAX_DIGEST_LENGTH : length;
        if (digestLength > max) {
            return "requested length was too large for digest: " + name + " gives at most " + max + " bytes";
        }
        return null;
    }

    /** Whether {@code cid}'s multihash is of this function at its default length: what content made with it has. */
    public boolean hashes(Cid cid) {
        Multihash mh = cid.multihash();
        return mh.code() == code && (engine == null || mh.digestLength() == length);
    }

    /** The multihash of {@code data} with the default length. */
    public Multihash hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    /** The multihash of {@code data[off, off+len)} with the default length. */
    public Multihash hash(byte[] data, int off, int len) {
        if (code == 0x12) {
            return Multihash.sha256(data, off, len);
        }
        java.util.Objects.checkFromIndexSize(off, len, data.length);
        if (engine == null) {
            return Multihash.of(code, java.util.Arrays.copyOfRange(data, off, off + len));
        }
        byte[] out = new byte[length];
        engine.digest(data, off, len, out, length);
        return Multihash.of(code, out);
    }

    /**
     * The multihash of {@code data} with a digest of {@code digestLength} bytes (-1: the default; shorter: truncated,
     * as go-multihash does; identity: the data's length).
     *
     * @throws MultiformatException for a length outside what {@link #checkAccepted} takes, or an identity length
     *                              other than the data's
     */
    public Multihash hash(byte[] data, int digestLength) {
        if (digestLength == -1 || (digestLength == length && engine != null)) {
            Multihash mh = hash(data);
            if (engine == null) {
                checkLength(mh.digestLength());
            }
            return mh;
        }
        if (digestLength < 0) {
            throw new MultiformatException("invalid hash length " + digestLength);
        }
        if (engine == null) {
            if (digestLength != data.length) {
                throw new MultiformatException("the length of the identity hash (" + digestLength
                        + ") must be equal to the length of the data (" + data.length + ")");
            }
            return hash(data);
        }
        checkLength(digestLength);
        return Multihash.of(code, digest(data, digestLength));
    }

    /** {@code digestLength} bytes of digest: the default output truncated, or the extendable output that long. */
    private byte[] digest(byte[] data, int digestLength) {
        if (extendable || digestLength == length) {
            byte[] out = new byte[digestLength];
            engine.digest(data, 0, data.length, out, digestLength);
            return out;
        }
        byte[] full = new byte[length];
        engine.digest(data, 0, data.length, full, length);
        return java.util.Arrays.copyOf(full, digestLength);
    }

    /**
     * Whether {@code mh} (of this function) is the hash of {@code data}: recomputed with its digest length (a
     * truncated digest is compared with the start of the full one). A digest longer than the function gives never
     * verifies.
     */
    boolean verifies(Multihash mh, byte[] data) {
        int n = mh.digestLength();
        if (engine == null) {
            return Multihash.digestEquals(mh, data, 0, data.length);
        }
        if (n > (extendable ? Multihash.MAX_DIGEST_LENGTH : length)) {
            return false;
        }
        byte[] actual = digest(data, n);
        return Multihash.digestEquals(mh, actual, 0, n);
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- engines ----

    /** One JDK engine per thread and algorithm, reused ({@code digest} leaves it reset). */
    private static Engine jdk(String algorithm) {
        ThreadLocal<MessageDigest> engines = ThreadLocal.withInitial(() -> messageDigest(algorithm));
        return (data, off, len, out, outLen) -> {
            MessageDigest md = engines.get();
            md.update(data, off, len);
            try {
                md.digest(out, 0, outLen);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(algorithm + ": " + e.getMessage(), e);
            }
        };
    }

    private static Engine doubleSha256() {
        Engine sha256 = jdk("SHA-256");
        return (data, off, len, out, outLen) -> {
            byte[] once = new byte[32];
            sha256.digest(data, off, len, once, 32);
            sha256.digest(once, 0, 32, out, outLen);
        };
    }

    /** A fresh BouncyCastle digest per use: they are small, and not thread-safe. */
    private static Engine bc(Supplier<Digest> factory) {
        return (data, off, len, out, outLen) -> {
            Digest d = factory.get();
            d.update(data, off, len);
            d.doFinal(out, 0);
        };
    }

    /** An extendable-output function: any number of output bytes. */
    private static Engine bcXof(Supplier<Xof> factory) {
        return (data, off, len, out, outLen) -> {
            Xof d = factory.get();
            d.update(data, off, len);
            d.doFinal(out, 0, outLen);
        };
    }

    static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
