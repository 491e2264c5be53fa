package dev.ferry.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.List;

/** Finding a system library and its symbols for the FFM backends ({@link LibCrypto}, {@link LibSodium}). */
final class NativeLibrary {
    private NativeLibrary() {}

    /** The first of {@code names} that loads, for the life of the process. */
    static SymbolLookup open(String what, List<String> names) {
        IllegalArgumentException last = null;
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw new IllegalStateException(what + " not found (" + names + ")", last);
    }

    static MemorySegment find(String what, SymbolLookup lib, String symbol) {
        return lib.find(symbol).orElseThrow(() -> new IllegalStateException(what + " lacks " + symbol));
    }
}
