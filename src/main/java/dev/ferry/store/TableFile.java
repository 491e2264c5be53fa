package dev.ferry.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Small tables kept as text files (pinning policies, held replicas, remote pins): a magic first line naming the format
 * and its version, then the table's lines; read whole, replaced atomically at every change ({@link AtomicFiles}).
 */
public final class TableFile {
    private TableFile() {}

    /**
     * The lines after the magic one; empty when the file does not exist.
     *
     * @throws IllegalStateException the file is larger than {@code maxBytes} or does not start with {@code magic}
     * @throws java.io.UncheckedIOException it cannot be read
     */
    public static List<String> read(Path file, String magic, long maxBytes) {
        List<String> lines;
        try {
            if (Files.size(file) > maxBytes) {
                throw new IllegalStateException(file + ": larger than " + maxBytes + " bytes");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !magic.equals(lines.get(0))) {
            String format = magic.split(" ")[0].replaceFirst("^ferry-", "");
            throw new IllegalStateException(file + ": not a " + format + " file");
        }
        return lines.subList(1, lines.size());
    }

    /** Replaces the file with {@code content} (UTF-8), atomically and durably. */
    public static void write(Path file, CharSequence content) {
        try {
            AtomicFiles.write(file, content.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
