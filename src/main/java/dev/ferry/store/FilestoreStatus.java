package dev.ferry.store;

/**
 * The state of a filestore entry and the file it points into, with Kubo's codes (the JSON {@code Status}) and words
 * (the text output of {@code filestore verify}).
 */
public enum FilestoreStatus {
    /** The block can be read back from its file. */
    OK(0, "ok"),
    /** The file is there but cannot be read. */
    FILE_ERROR(10, "error"),
    /** The file is gone. */
    NO_FILE(11, "no-file"),
    /** The file's bytes at that place no longer hash to the block's CID. */
    CHANGED(12, "changed"),
    /** The entry itself is unreadable (a corrupt index record) or the argument was no CID. */
    OTHER_ERROR(20, "ERROR"),
    /** No entry for that CID. */
    MISSING(30, "missing");

    private final int code;
    private final String word;

    FilestoreStatus(int code, String word) {
        this.code = code;
        this.word = word;
    }

    /** Kubo's numeric status. */
    public int code() {
        return code;
    }

    /** Kubo's word for it. */
    public String word() {
        return word;
    }

    /** The status with Kubo's code; OTHER_ERROR for an unknown one. */
    public static FilestoreStatus ofCode(int code) {
        for (FilestoreStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return OTHER_ERROR;
    }
}
