package dev.ferry.api.gateway;

/** A {@code _redirects} file that cannot be used: too large, not UTF-8 text, or a malformed rule. */
final class RedirectsFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    /** @param line the 1-based line at fault, or 0 for the file as a whole */
    RedirectsFileException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    int line() {
        return line;
    }
}
