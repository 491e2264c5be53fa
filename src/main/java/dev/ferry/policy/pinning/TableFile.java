package dev.ferry.policy.pinning;

import dev.ferry.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The line files of pinning policies: a magic first line, then the table's lines, read whole (at most 64 MiB) and
 * replaced atomically (temp file, fsync, rename).
 */
final class TableFile {
    private static final long MAX_FILE_BYTES = 64L << 20;

    private TableFile() {}

    /** The lines after the magic one; empty when the file does not exist. */
    static List<String> read(Path file, String magic) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalStateException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !magic.equals(lines.get(0))) {
            throw new IllegalStateException(file + ": not a " + magic.split(" ")[0] + " file");
        }
        return lines.subList(1, lines.size());
    }

    static void write(Path file, CharSequence content) {
        try {
            AtomicFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
