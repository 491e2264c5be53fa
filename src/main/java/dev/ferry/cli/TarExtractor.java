package dev.ferry.cli;

import dev.ferry.api.http.TarWriter;
import dev.ferry.dag.unixfs.DiskMetadata;
import dev.ferry.dag.unixfs.UnixTime;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Unpacks the tar stream of the daemon's {@code get} under one output path, refusing anything that could write
 * outside it: absolute names, {@code ..}, NUL bytes, entries outside the archive's single top-level name, and paths
 * that pass through a symlink. Directories, regular files and symlinks only; PAX {@code path}/{@code linkpath}/
 * {@code mtime}.
 *
 * <p>Metadata, as {@link DiskMetadata} restores it: a header mode other than the writer's default for its type
 * (0644 file, 0755 directory: what entries without a mode carry) sets {@code mode & 0777} on files and directories;
 * the PAX {@code mtime} (with its fraction), else a non-zero header mtime, sets the time of files, directories and
 * symlinks, when it is within {@link UnixTime#applicable}'s range. Unparsable or out-of-range values are ignored.
 * A directory gets its metadata once the archive has left it (post-order), so a read-only directory can still be
 * filled and its children do not move its mtime.
 */
final class TarExtractor {
    private static final int BLOCK = 512;
    private static final int MAX_PAX = 64 * 1024;
    /** Longest PAX mtime value read; longer ones are ignored. */
    private static final int MAX_PAX_TIME = 40;

    private final InputStream in;
    private final Path output;
    private final java.util.function.LongConsumer fileBytes;
    private String top;
    /** Directories the archive is still inside, innermost last, each waiting for its metadata. */
    private final Deque<OpenDirectory> open = new ArrayDeque<>();

    private record OpenDirectory(Path path, Integer mode, Instant mtime) {
    }

    TarExtractor(InputStream in, Path output) {
        this(in, output, n -> { });
    }

    /** {@code fileBytes} hears of every file content byte written, for a progress bar. */
    TarExtractor(InputStream in, Path output, java.util.function.LongConsumer fileBytes) {
        this.in = in;
        this.output = output;
        this.fileBytes = fileBytes;
    }

    /** Extracts every entry; returns the number of entries. */
    int extract() throws IOException {
        int count = 0;
        String paxPath = null;
        String paxLink = null;
        Instant paxTime = null;
        byte[] h = new byte[BLOCK];
        while (true) {
            if (in.readNBytes(h, 0, BLOCK) != BLOCK) {
                throw new EOFException("truncated tar stream");
            }
            if (isZero(h)) {
                closeDirectories(null);
                return count;
            }
            checkSum(h);
            char type = (char) h[156];
            long size = octal(h, 124, 12);
            String name = paxPath != null ? paxPath : string(h, 0, 100);
            String link = paxLink != null ? paxLink : string(h, 157, 100);
            Instant mtime = paxTime != null ? paxTime : headerTime(h);
            long mode = lenientOctal(h, 100, 8);
            paxPath = null;
            paxLink = null;
            paxTime = null;
            switch (type) {
                case 'x' -> {
                    if (size > MAX_PAX) {
                        throw new IOException("tar PAX header too large: " + size);
                    }
                    String pax = new String(readData(size), StandardCharsets.UTF_8);
                    for (String rec : pax.split("\n")) {
                        int sp = rec.indexOf(' ');
                        int eq = rec.indexOf('=');
                        if (sp > 0 && eq > sp) {
                            String key = rec.substring(sp + 1, eq);
                            String value = rec.substring(eq + 1);
                            if (key.equals("path")) {
                                paxPath = value;
                            } else if (key.equals("linkpath")) {
                                paxLink = value;
                            } else if (key.equals("mtime")) {
                                paxTime = paxTime(value);
                            }
                        }
                    }
                }
                case 'g' -> readData(Math.min(size, MAX_PAX));
                case '5' -> {
                    Path t = target(name);
                    closeDirectories(t);
                    Files.createDirectories(t);
                    Integer m = modeOf(mode, TarWriter.DIRECTORY_MODE);
                    if (!open.isEmpty() && open.peekLast().path().equals(t)) {
                        open.removeLast(); // the same directory again: its latest header counts
                    }
                    open.addLast(new OpenDirectory(t, m, mtime));
                    count++;
                }
                case '2' -> {
                    Path t = target(name);
                    closeDirectories(t);
                    Files.createSymbolicLink(t, Path.of(link));
                    if (mtime != null) {
                        DiskMetadata.setModified(t, mtime);
                    }
                    count++;
                }
                case '0', '\0' -> {
                    Path t = target(name);
                    closeDirectories(t);
                    try (OutputStream out = Files.newOutputStream(t, java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        copy(size, out);
                    }
                    skipPadding(size);
                    Integer m = modeOf(mode, TarWriter.FILE_MODE);
                    if (m != null) {
                        DiskMetadata.setMode(t, m);
                    }
                    if (mtime != null) {
                        DiskMetadata.setModified(t, mtime);
                    }
                    count++;
                }
                default -> throw new IOException("unsupported tar entry type '" + type + "' for " + name);
            }
        }
    }

    /**
     * Applies the metadata of every open directory that does not contain {@code next} (all of them when null),
     * innermost first: the archive has left them.
     */
    private void closeDirectories(Path next) throws IOException {
        while (!open.isEmpty()) {
            OpenDirectory d = open.peekLast();
            if (next != null && next.startsWith(d.path())) {
                return; // inside it, or the same directory again: it stays open
            }
            open.removeLast();
            if (d.mode() != null) {
                DiskMetadata.setMode(d.path(), d.mode());
            }
            if (d.mtime() != null) {
                DiskMetadata.setModified(d.path(), d.mtime());
            }
        }
    }

    /** The permission bits to set, or null: unparsable, or the writer's default (an entry without a mode). */
    private static Integer modeOf(long headerMode, int writerDefault) {
        if (headerMode < 0) {
            return null;
        }
        int bits = (int) (headerMode & DiskMetadata.PERMISSIONS);
        return bits == writerDefault ? null : bits;
    }

    /** The header's mtime when it is non-zero, parses and is in range, else null. */
    private static Instant headerTime(byte[] h) {
        long seconds = lenientOctal(h, 136, 12);
        return seconds <= 0 ? null : new UnixTime(seconds, null).applicable().orElse(null);
    }

    /** A PAX mtime ("SECONDS[.FRACTION]", fraction cut to nanoseconds) in range, else null. */
    static Instant paxTime(String value) {
        if (value.isEmpty() || value.length() > MAX_PAX_TIME) {
            return null;
        }
        int dot = value.indexOf('.');
        String whole = dot < 0 ? value : value.substring(0, dot);
        String frac = dot < 0 ? "" : value.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 12 || !digits(whole) || !digits(frac)) {
            return null;
        }
        long seconds = Long.parseLong(whole);
        int nanos = frac.isEmpty() ? 0 : Integer.parseInt((frac + "00000000").substring(0, 9));
        return new UnixTime(seconds, nanos == 0 ? null : nanos).applicable().orElse(null);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Maps an archive name to the output path, refusing anything that could escape it. */
    private Path target(String name) throws IOException {
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.startsWith("/") || n.indexOf('\0') >= 0) {
            throw new IOException("unsafe name in tar stream: '" + name + "'");
        }
        String[] parts = n.split("/");
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".") || p.equals("..")) {
                throw new IOException("unsafe name in tar stream: '" + name + "'");
            }
        }
        if (top == null) {
            top = parts[0];
        } else if (!top.equals(parts[0])) {
            throw new IOException("tar stream has more than one top-level entry: '" + name + "'");
        }
        Path p = output;
        for (int i = 1; i < parts.length; i++) {
            if (Files.isSymbolicLink(p)) {
                throw new IOException("refusing to write through the symlink " + p);
            }
            p = p.resolve(parts[i]);
        }
        if (parts.length > 1 && Files.isSymbolicLink(p.getParent())) {
            throw new IOException("refusing to write through the symlink " + p.getParent());
        }
        return p;
    }

    private byte[] readData(long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException("truncated tar stream");
        }
        skipPadding(size);
        return data;
    }

    private void copy(long size, OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new EOFException("truncated tar stream");
            }
            out.write(buf, 0, n);
            fileBytes.accept(n);
            left -= n;
        }
    }

    private void skipPadding(long size) throws IOException {
        int rem = (int) (size % BLOCK);
        if (rem != 0) {
            in.skipNBytes(BLOCK - rem); // EOFException when the stream ends early
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkSum(byte[] h) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != octal(h, 148, 8)) {
            throw new IOException("corrupt tar header (checksum mismatch)");
        }
    }

    private static long octal(byte[] h, int off, int len) throws IOException {
        long v = 0;
        int i = off;
        while (i < off + len && h[i] == ' ') {
            i++;
        }
        for (; i < off + len; i++) {
            byte b = h[i];
            if (b == 0 || b == ' ') {
                break;
            }
            if (b < '0' || b > '7') {
                throw new IOException("corrupt tar header (bad number)");
            }
            v = v * 8 + (b - '0');
            if (v > (1L << 40)) {
                throw new IOException("corrupt tar header (number too large)");
            }
        }
        return v;
    }

    /** An octal header field, or -1 when it does not parse (or is larger than 2^40): metadata is optional. */
    private static long lenientOctal(byte[] h, int off, int len) {
        try {
            return octal(h, off, len);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String string(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }
}
