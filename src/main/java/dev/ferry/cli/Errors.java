package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one-line message the user sees after {@code Error: }. */
final class Errors {
    private Errors() {}

    static String describe(Throwable ex) {
        Throwable t = ex;
        while (t instanceof java.io.UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException nf) {
            return "no such file or directory: " + nf.getFile();
        }
        if (t instanceof AccessDeniedException ad) {
            return "permission denied: " + ad.getFile();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        if (t instanceof IOException && !(t instanceof java.io.EOFException)) {
            return msg;
        }
        return msg.replace('\n', ' ');
    }
}
