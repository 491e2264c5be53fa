package dev.ferry.crypto;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * Downcalls into the system's libsodium: the Salsa20 keystream, which its SIMD code makes about 3x faster than
 * {@link XSalsa20}'s Java on this project's machines (850 against 260 MB/s), and Ed25519, some 20x faster than the
 * JDK's EdDSA here (which takes about 1 ms per signature and per verification). Loaded once; when the library or a
 * symbol is missing, {@link #AVAILABLE} is false and {@link #failure()} says why.
 */
@SuppressWarnings("restricted") // the FFM linker is the point of this class; native access is enabled in the manifest
final class LibSodium {
    /**
     * {@code int crypto_stream_salsa20_xor_ic(out, in, unsigned long long len, const nonce[8], uint64_t block,
     * const key[32])}: in XOR the keystream from 64-byte block {@code block} on. Takes Java arrays directly (a heap
     * downcall, no copies): it holds up a safepoint for one call, under 100 microseconds for 64 KiB.
     */
    static final MethodHandle SALSA20_XOR_IC;
    /** {@code int crypto_sign_ed25519_seed_keypair(pk[32], sk[64], const seed[32])}. */
    static final MethodHandle ED25519_SEED_KEYPAIR;
    /** {@code int crypto_sign_ed25519_detached(sig[64], unsigned long long *siglen (may be NULL), m, mlen, sk[64])}. */
    static final MethodHandle ED25519_SIGN;
    /** {@code int crypto_sign_ed25519_verify_detached(const sig[64], const m, mlen, const pk[32])}: 0 when valid. */
    static final MethodHandle ED25519_VERIFY;
    static final boolean AVAILABLE;
    private static final String FAILURE;
    private static final List<String> NAMES = List.of("libsodium.so.23", "libsodium.so.26", "libsodium.so",
            "libsodium.dylib");

    static {
        MethodHandle xor = null;
        MethodHandle keypair = null;
        MethodHandle sign = null;
        MethodHandle verify = null;
        String failure = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = NativeLibrary.open("libsodium", NAMES);
            MethodHandle init = linker.downcallHandle(find(lib, "sodium_init"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            int rc = (int) init.invokeExact();
            if (rc < 0) {
                throw new IllegalStateException("sodium_init() failed: " + rc);
            }
            ValueLayout a = ValueLayout.ADDRESS;
            ValueLayout l = ValueLayout.JAVA_LONG;
            xor = linker.downcallHandle(find(lib, "crypto_stream_salsa20_xor_ic"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, a, a, l, a, l, a), Linker.Option.critical(true));
            // heap arrays straight in (critical): callers keep messages short enough not to hold up a safepoint
            keypair = linker.downcallHandle(find(lib, "crypto_sign_ed25519_seed_keypair"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, a, a, a), Linker.Option.critical(true));
            sign = linker.downcallHandle(find(lib, "crypto_sign_ed25519_detached"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, a, a, a, l, a), Linker.Option.critical(true));
            verify = linker.downcallHandle(find(lib, "crypto_sign_ed25519_verify_detached"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, a, a, l, a), Linker.Option.critical(true));
        } catch (Throwable t) {
            // no library, no native access, an odd build: the Java keystream does the work
            failure = t.toString();
        }
        SALSA20_XOR_IC = xor;
        ED25519_SEED_KEYPAIR = keypair;
        ED25519_SIGN = sign;
        ED25519_VERIFY = verify;
        FAILURE = failure;
        AVAILABLE = failure == null;
    }

    private LibSodium() {}

    /** Why the library could not be used, if it could not. */
    static Optional<String> failure() {
        return Optional.ofNullable(FAILURE);
    }

    private static MemorySegment find(SymbolLookup lib, String symbol) {
        return NativeLibrary.find("libsodium", lib, symbol);
    }
}
