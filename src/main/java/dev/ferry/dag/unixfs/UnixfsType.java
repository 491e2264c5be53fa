package dev.ferry.dag.unixfs;

/** The UnixFS {@code DataType} enum with its explicit wire codes (append only). */
public enum UnixfsType {
    RAW(0),
    DIRECTORY(1),
    FILE(2),
    METADATA(3),
    SYMLINK(4),
    HAMT_SHARD(5);

    private final int code;

    UnixfsType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws UnixfsException for a code the spec does not define */
    public static UnixfsType of(long code) {
        for (UnixfsType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new UnixfsException("unknown UnixFS type " + code);
    }

    public boolean isDirectory() {
        return this == DIRECTORY || this == HAMT_SHARD;
    }
}
