package dev.ferry.store;

/**
 * Kinds of pin. {@link #RECURSIVE} keeps a DAG, {@link #DIRECT} one block; {@link #INDIRECT} (a block kept because a
 * recursive pin reaches it) only appears in listings computed above the store and is never stored.
 * The codes are the pin file's wire values: append only.
 */
public enum PinType {
    RECURSIVE(1),
    DIRECT(2),
    INDIRECT(3);

    private final int code;

    PinType(int code) {
        this.code = code;
    }

    /** The value written in the pin file. */
    public int code() {
        return code;
    }

    /** The type with this wire code; IllegalArgumentException when there is none. */
    public static PinType ofCode(int code) {
        for (PinType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown pin type code " + code);
    }

    /** True for the types a pin store keeps (RECURSIVE, DIRECT). */
    public boolean storable() {
        return this != INDIRECT;
    }
}
