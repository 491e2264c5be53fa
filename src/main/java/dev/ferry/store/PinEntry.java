package dev.ferry.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What the pin store keeps for one CID: its type (RECURSIVE or DIRECT) and its name, empty when it has none.
 * A name is any text of at most {@value #MAX_NAME_BYTES} UTF-8 bytes, as Kubo's {@code ValidatePinName}.
 */
public record PinEntry(PinType type, String name) {
    /** Kubo's limit on a pin name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    public PinEntry {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (!type.storable()) {
            throw new IllegalArgumentException("indirect pins are computed, not stored");
        }
        checkName(name);
    }

    /** An unnamed pin. */
    public static PinEntry of(PinType type) {
        return new PinEntry(type, "");
    }

    /**
     * Throws IllegalArgumentException when {@code name} cannot be a pin name: longer than Kubo allows (with Kubo's
     * message), or text with a lone surrogate, which has no UTF-8 form to store.
     */
    public static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("pin name is not valid Unicode (a lone surrogate at " + i + ")");
            }
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("pin name is " + bytes + " bytes (max " + MAX_NAME_BYTES + " bytes)");
        }
    }
}
