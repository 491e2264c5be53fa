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
 * Downcall handles into the system's OpenSSL libcrypto (1.1.1 or 3.x) for ChaCha20-Poly1305. Loaded once; when the
 * library or a symbol is missing, {@link #AVAILABLE} is false and {@link #failure()} says why. The handles are static
 * final so the JIT can inline the calls.
 */
@SuppressWarnings("restricted") // the FFM linker is the point of this class; native access is enabled in the manifest
final class LibCrypto {
    static final int EVP_CTRL_AEAD_GET_TAG = 0x10;
    static final int EVP_CTRL_AEAD_SET_TAG = 0x11;

    static final MethodHandle CTX_NEW;          // EVP_CIPHER_CTX *EVP_CIPHER_CTX_new(void)
    static final MethodHandle CTX_FREE;         // void EVP_CIPHER_CTX_free(EVP_CIPHER_CTX *)
    static final MethodHandle CTX_CTRL;         // int EVP_CIPHER_CTX_ctrl(ctx, int type, int arg, void *ptr)
    static final MethodHandle ENCRYPT_INIT;     // int EVP_EncryptInit_ex(ctx, cipher, engine, key, iv)
    static final MethodHandle ENCRYPT_UPDATE;   // int EVP_EncryptUpdate(ctx, out, int *outl, in, int inl)
    static final MethodHandle ENCRYPT_FINAL;    // int EVP_EncryptFinal_ex(ctx, out, int *outl)
    static final MethodHandle DECRYPT_INIT;
    static final MethodHandle DECRYPT_UPDATE;
    static final MethodHandle DECRYPT_FINAL;
    static final MethodHandle ENCRYPT_UPDATE_HEAP; // EVP_EncryptUpdate reading and writing Java arrays in place
    static final MethodHandle DECRYPT_UPDATE_HEAP;
    static final MethodHandle ERR_CLEAR;        // void ERR_clear_error(void)
    /** {@code EVP_chacha20_poly1305()}: a static const EVP_CIPHER, valid for the life of the process. */
    static final MemorySegment CHACHA20_POLY1305;
    static final boolean AVAILABLE;
    private static final String FAILURE;

    private static final List<String> NAMES = List.of("libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so",
            "libcrypto.3.dylib", "libcrypto.dylib");

    static {
        MethodHandle ctxNew = null, ctxFree = null, ctrl = null, ei = null, eu = null, ef = null, di = null, du = null,
                df = null, errClear = null, euHeap = null, duHeap = null;
        MemorySegment cipher = MemorySegment.NULL;
        String failure = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = NativeLibrary.open("libcrypto", NAMES);
            ValueLayout a = ValueLayout.ADDRESS;
            ValueLayout i = ValueLayout.JAVA_INT;
            // Short, non-blocking calls: critical (no thread-state transition). Update runs for as long as the
            // message takes to encrypt: the plain handle is a normal downcall. The heap handles read and write Java
            // arrays directly (no copy in and out of native memory, two copies per frame less); they hold up a
            // safepoint for one frame's encryption at most, about 80 microseconds for 64 KiB.
            Linker.Option critical = Linker.Option.critical(false);
            Linker.Option heap = Linker.Option.critical(true);
            ctxNew = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_new"), FunctionDescriptor.of(a));
            ctxFree = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_free"), FunctionDescriptor.ofVoid(a));
            ctrl = linker.downcallHandle(find(lib, "EVP_CIPHER_CTX_ctrl"), FunctionDescriptor.of(i, a, i, i, a), critical);
            FunctionDescriptor init = FunctionDescriptor.of(i, a, a, a, a, a);
            FunctionDescriptor update = FunctionDescriptor.of(i, a, a, a, a, i);
            FunctionDescriptor fin = FunctionDescriptor.of(i, a, a, a);
            ei = linker.downcallHandle(find(lib, "EVP_EncryptInit_ex"), init, critical);
            eu = linker.downcallHandle(find(lib, "EVP_EncryptUpdate"), update);
            ef = linker.downcallHandle(find(lib, "EVP_EncryptFinal_ex"), fin, critical);
            di = linker.downcallHandle(find(lib, "EVP_DecryptInit_ex"), init, critical);
            du = linker.downcallHandle(find(lib, "EVP_DecryptUpdate"), update);
            euHeap = linker.downcallHandle(find(lib, "EVP_EncryptUpdate"), update, heap);
            duHeap = linker.downcallHandle(find(lib, "EVP_DecryptUpdate"), update, heap);
            df = linker.downcallHandle(find(lib, "EVP_DecryptFinal_ex"), fin, critical);
            errClear = linker.downcallHandle(find(lib, "ERR_clear_error"), FunctionDescriptor.ofVoid(), critical);
            MethodHandle getCipher = linker.downcallHandle(find(lib, "EVP_chacha20_poly1305"), FunctionDescriptor.of(a));
            cipher = (MemorySegment) getCipher.invokeExact();
            if (cipher.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("EVP_chacha20_poly1305() returned NULL");
            }
        } catch (Throwable t) {
            // Any linkage problem (no library, no native access, an old OpenSSL) means: use the JDK backend.
            failure = t.toString();
        }
        CTX_NEW = ctxNew;
        CTX_FREE = ctxFree;
        CTX_CTRL = ctrl;
        ENCRYPT_INIT = ei;
        ENCRYPT_UPDATE = eu;
        ENCRYPT_FINAL = ef;
        DECRYPT_INIT = di;
        DECRYPT_UPDATE = du;
        DECRYPT_FINAL = df;
        ENCRYPT_UPDATE_HEAP = euHeap;
        DECRYPT_UPDATE_HEAP = duHeap;
        ERR_CLEAR = errClear;
        CHACHA20_POLY1305 = cipher;
        FAILURE = failure;
        AVAILABLE = failure == null;
    }

    private LibCrypto() {}

    /** Why the library could not be used, if it could not. */
    static Optional<String> failure() {
        return Optional.ofNullable(FAILURE);
    }

    private static MemorySegment find(SymbolLookup lib, String symbol) {
        return NativeLibrary.find("libcrypto", lib, symbol);
    }
}
