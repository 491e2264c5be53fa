package dev.ferry.crypto;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteOrder;

/**
 * ChaCha20-Poly1305 through OpenSSL's EVP interface, called with the FFM API.
 *
 * <p>Each instance owns one {@code EVP_CIPHER_CTX} (the cipher is bound once, later inits pass only key and nonce)
 * and one native buffer, grown on demand (powers of two, from 4 KiB), that holds the key, nonce, tag and associated
 * data. The message is encrypted or decrypted straight from the caller's array into the caller's array (a critical
 * downcall with heap access); only when input and output overlap at different offsets does it go through the native
 * buffer. No allocation per call. The buffer lives in a shared arena so that an instance can move between (virtual) threads and the
 * {@link Cleaner} can free it; the instance itself is not thread-safe.
 */
final class OpenSslChaCha20Poly1305 implements AeadCipher {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final MemorySegment NULL = MemorySegment.NULL;

    // Scratch layout at the start of the native buffer; the message area follows.
    private static final int KEY_AT = 0;
    private static final int IV_AT = 32;
    private static final int OUTL_AT = 48;
    private static final int TAG_AT = 64;
    private static final int DATA_AT = 128;
    private static final int MIN_CAPACITY = 4096;

    /** Native resources; must not refer to the cipher object, or the Cleaner would never run. */
    private static final class Resources implements Runnable {
        final MemorySegment ctx;
        volatile Arena arena;

        Resources(MemorySegment ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            try {
                LibCrypto.CTX_FREE.invokeExact(ctx);
            } catch (Throwable t) {
                // Nothing sensible to do while freeing.
            }
            Arena a = arena;
            arena = null;
            if (a != null) {
                a.close();
            }
        }
    }

    private final Resources resources;
    private final Cleaner.Cleanable cleanable;
    private final MemorySegment ctx;
    private MemorySegment key;
    private MemorySegment iv;
    private MemorySegment outl;
    private MemorySegment tag;
    private MemorySegment data;
    private MemorySegment head; // key, nonce, outl and tag: the buffer before data
    private boolean closed;

    OpenSslChaCha20Poly1305() {
        if (!LibCrypto.AVAILABLE) {
            throw new CryptoException("OpenSSL libcrypto unavailable: " + LibCrypto.failure().orElse("?"));
        }
        MemorySegment c = (MemorySegment) call0(LibCrypto.CTX_NEW);
        if (c.equals(NULL)) {
            throw new CryptoException("EVP_CIPHER_CTX_new failed");
        }
        this.ctx = c;
        this.resources = new Resources(c);
        this.cleanable = CLEANER.register(this, resources);
        try {
            check(invokeInit(LibCrypto.ENCRYPT_INIT, ctx, LibCrypto.CHACHA20_POLY1305, NULL, NULL), "EVP_EncryptInit_ex");
            allocate(MIN_CAPACITY);
        } catch (RuntimeException e) {
            cleanable.clean();
            throw e;
        }
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public int seal(byte[] k, long nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadArgs.checkKey(k);
        AeadArgs.checkSeal(in, inOff, inLen, out, outOff);
        prepare(k);
        iv.set(INT, 0, 0);
        iv.set(LE_LONG, 4, nonce);
        return doSeal(ad, in, inOff, inLen, out, outOff);
    }

    @Override
    public int seal(byte[] k, byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadArgs.checkKey(k);
        AeadArgs.checkNonce(nonce);
        AeadArgs.checkSeal(in, inOff, inLen, out, outOff);
        prepare(k);
        MemorySegment.copy(nonce, 0, iv, JAVA_BYTE, 0, NONCE_LENGTH);
        return doSeal(ad, in, inOff, inLen, out, outOff);
    }

    @Override
    public int open(byte[] k, long nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadArgs.checkKey(k);
        AeadArgs.checkOpen(in, inOff, inLen, out, outOff);
        prepare(k);
        iv.set(INT, 0, 0);
        iv.set(LE_LONG, 4, nonce);
        return doOpen(ad, in, inOff, inLen, out, outOff);
    }

    @Override
    public int open(byte[] k, byte[] nonce, byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        AeadArgs.checkKey(k);
        AeadArgs.checkNonce(nonce);
        AeadArgs.checkOpen(in, inOff, inLen, out, outOff);
        prepare(k);
        MemorySegment.copy(nonce, 0, iv, JAVA_BYTE, 0, NONCE_LENGTH);
        return doOpen(ad, in, inOff, inLen, out, outOff);
    }

    /** Checks state and copies the key in. */
    private void prepare(byte[] k) {
        if (closed) {
            throw new IllegalStateException("cipher closed");
        }
        MemorySegment.copy(k, 0, key, JAVA_BYTE, 0, KEY_LENGTH);
    }

    /**
     * Where the associated data goes in the native buffer, after making room for what the call copies there: the
     * message too when it cannot be worked on in place, else the associated data alone (at the start). So Noise's
     * transport messages (no associated data, in place) never grow the buffer: it stays at its first 4 KiB instead of
     * growing to a whole frame per direction of every connection, and the compiled write path never meets the growth
     * branch, which it otherwise hit at each new connection's first large frame and was thrown out and recompiled
     * for (about a CPU-second of the optimizing compiler each time, measured on a seeder).
     */
    private long reserve(int msgLen, byte[] ad, boolean direct) {
        long adAt = direct ? 0 : adOffset(msgLen);
        long need = adAt + (ad == null ? 0 : ad.length);
        if (need > data.byteSize()) {
            allocate(need);
        }
        return adAt;
    }

    /** Bytes of native working memory this cipher holds now (tests: it grows only for copies it needs). */
    long nativeCapacity() {
        return data.byteSize();
    }

    /** In place on the caller's arrays unless the output overlaps the input at another offset. */
    private static boolean direct(byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        return in != out || inOff == outOff || inOff + inLen <= outOff || outOff + inLen <= inOff;
    }

    private int doSeal(byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        boolean direct = direct(in, inOff, inLen, out, outOff);
        long adAt = reserve(inLen, ad, direct);
        try {
            if (!direct) {
                MemorySegment.copy(in, inOff, data, JAVA_BYTE, 0, inLen);
            }
            check(invokeInit(LibCrypto.ENCRYPT_INIT, ctx, NULL, key, iv), "EVP_EncryptInit_ex");
            if (ad != null && ad.length > 0) {
                MemorySegment adSeg = data.asSlice(adAt, ad.length);
                MemorySegment.copy(ad, 0, adSeg, JAVA_BYTE, 0, ad.length);
                check(invokeUpdate(LibCrypto.ENCRYPT_UPDATE, ctx, NULL, outl, adSeg, ad.length), "EVP_EncryptUpdate(ad)");
            }
            if (inLen > 0 && direct) {
                check(invokeUpdate(LibCrypto.ENCRYPT_UPDATE_HEAP, ctx, MemorySegment.ofArray(out).asSlice(outOff, inLen),
                        outl, MemorySegment.ofArray(in).asSlice(inOff, inLen), inLen), "EVP_EncryptUpdate");
            } else if (inLen > 0) {
                check(invokeUpdate(LibCrypto.ENCRYPT_UPDATE, ctx, data, outl, data, inLen), "EVP_EncryptUpdate");
            }
            check(invokeFinal(LibCrypto.ENCRYPT_FINAL, ctx, data, outl), "EVP_EncryptFinal_ex");
            check(invokeCtrl(ctx, LibCrypto.EVP_CTRL_AEAD_GET_TAG, TAG_LENGTH, tag), "GET_TAG");
            if (!direct) {
                MemorySegment.copy(data, JAVA_BYTE, 0, out, outOff, inLen);
            }
            MemorySegment.copy(tag, JAVA_BYTE, 0, out, outOff + inLen, TAG_LENGTH);
            return inLen + TAG_LENGTH;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private int doOpen(byte[] ad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
        int ctLen = inLen - TAG_LENGTH;
        boolean direct = direct(in, inOff, ctLen, out, outOff);
        long adAt = reserve(ctLen, ad, direct);
        try {
            if (!direct) {
                MemorySegment.copy(in, inOff, data, JAVA_BYTE, 0, ctLen);
            }
            MemorySegment.copy(in, inOff + ctLen, tag, JAVA_BYTE, 0, TAG_LENGTH);
            check(invokeInit(LibCrypto.DECRYPT_INIT, ctx, NULL, key, iv), "EVP_DecryptInit_ex");
            check(invokeCtrl(ctx, LibCrypto.EVP_CTRL_AEAD_SET_TAG, TAG_LENGTH, tag), "SET_TAG");
            if (ad != null && ad.length > 0) {
                MemorySegment adSeg = data.asSlice(adAt, ad.length);
                MemorySegment.copy(ad, 0, adSeg, JAVA_BYTE, 0, ad.length);
                check(invokeUpdate(LibCrypto.DECRYPT_UPDATE, ctx, NULL, outl, adSeg, ad.length), "EVP_DecryptUpdate(ad)");
            }
            if (ctLen > 0 && direct) {
                check(invokeUpdate(LibCrypto.DECRYPT_UPDATE_HEAP, ctx, MemorySegment.ofArray(out).asSlice(outOff, ctLen),
                        outl, MemorySegment.ofArray(in).asSlice(inOff, ctLen), ctLen), "EVP_DecryptUpdate");
            } else if (ctLen > 0) {
                check(invokeUpdate(LibCrypto.DECRYPT_UPDATE, ctx, data, outl, data, ctLen), "EVP_DecryptUpdate");
            }
            if (invokeFinal(LibCrypto.DECRYPT_FINAL, ctx, data, outl) <= 0) {
                clearErrors();
                if (direct) {
                    java.util.Arrays.fill(out, outOff, outOff + ctLen, (byte) 0); // no unauthenticated plaintext
                }
                throw new AeadException("ChaCha20-Poly1305 tag mismatch");
            }
            if (!direct) {
                MemorySegment.copy(data, JAVA_BYTE, 0, out, outOff, ctLen);
            }
            return ctLen;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Associated data sits after the message, 16-byte aligned. */
    private static long adOffset(int msgLen) {
        return ((long) msgLen + 15) & ~15L;
    }

    private void allocate(long need) {
        long capacity = Math.max(MIN_CAPACITY, Long.highestOneBit(Math.max(need - 1, 1)) << 1);
        Arena fresh = Arena.ofShared();
        MemorySegment buf;
        try {
            buf = fresh.allocate(DATA_AT + capacity, 64);
        } catch (RuntimeException | OutOfMemoryError e) {
            fresh.close();
            throw e;
        }
        Arena old = resources.arena;
        resources.arena = fresh;
        if (head != null) {
            // the key and nonce of the call under way were copied in before it knew it needed the room
            MemorySegment.copy(head, 0, buf, 0, DATA_AT);
        }
        head = buf.asSlice(0, DATA_AT);
        key = buf.asSlice(KEY_AT, KEY_LENGTH);
        iv = buf.asSlice(IV_AT, NONCE_LENGTH);
        outl = buf.asSlice(OUTL_AT, 4);
        tag = buf.asSlice(TAG_AT, TAG_LENGTH);
        data = buf.asSlice(DATA_AT, capacity);
        if (old != null) {
            old.close();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            key.fill((byte) 0);
            data.fill((byte) 0); // no plaintext left in freed native memory
            cleanable.clean();
        }
    }

    private static void check(int rc, String what) {
        if (rc != 1) {
            clearErrors();
            throw new CryptoException(what + " failed (" + rc + ")");
        }
    }

    private static void clearErrors() {
        try {
            LibCrypto.ERR_CLEAR.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static Object call0(MethodHandle h) {
        try {
            return (MemorySegment) h.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int invokeInit(MethodHandle h, MemorySegment c, MemorySegment cipher, MemorySegment k,
                                  MemorySegment n) {
        try {
            return (int) h.invokeExact(c, cipher, NULL, k, n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int invokeUpdate(MethodHandle h, MemorySegment c, MemorySegment out, MemorySegment outLen,
                                    MemorySegment in, int inLen) {
        try {
            return (int) h.invokeExact(c, out, outLen, in, inLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int invokeFinal(MethodHandle h, MemorySegment c, MemorySegment out, MemorySegment outLen) {
        try {
            return (int) h.invokeExact(c, out, outLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int invokeCtrl(MemorySegment c, int type, int arg, MemorySegment ptr) {
        try {
            return (int) LibCrypto.CTX_CTRL.invokeExact(c, type, arg, ptr);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CryptoException("native call failed", t);
    }
}
