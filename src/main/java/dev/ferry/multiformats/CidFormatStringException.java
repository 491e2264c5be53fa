package dev.ferry.multiformats;

/**
 * A malformed format string given to {@link CidFormat}: unlike a bad CID, it is the same for every CID, so a command
 * stops at it instead of reporting it per CID (as go-cidutil's FormatStringError).
 */
public final class CidFormatStringException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CidFormatStringException(String message) {
        super(message);
    }
}
