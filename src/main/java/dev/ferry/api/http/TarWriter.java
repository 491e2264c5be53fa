package dev.ferry.api.http;

import dev.ferry.dag.unixfs.DiskMetadata;
import dev.ferry.dag.unixfs.UnixTime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a POSIX ustar archive, as Kubo's {@code get} answers: directories, regular files and symlinks, with a PAX
 * extended header for names or link targets longer than ustar's 100 bytes. Not thread-safe.
 *
 * <p>UnixFS 1.5 metadata: the header's mode is the entry's permission bits ({@code mode & 0777}; setuid, setgid and
 * sticky are never passed on) when it has a mode, else 0644 for files, 0755 for directories (0777 for symlinks,
 * whose mode means nothing). The header's mtime is the entry's {@link UnixTime#applicable} seconds, else 0; when
 * the time has nanoseconds a PAX {@code mtime} record carries it with its fraction.
 */
public final class TarWriter {
    private static final int BLOCK = 512;
    /** Header modes of entries without one. */
    public static final int FILE_MODE = 0644;
    public static final int DIRECTORY_MODE = 0755;

    private final OutputStream out;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    public void directory(String name) throws IOException {
        directory(name, null, null);
    }

    /** A directory with its UnixFS mode and mtime (each may be null). */
    public void directory(String name, Long mode, UnixTime mtime) throws IOException {
        header(name.endsWith("/") ? name : name + "/", '5', 0, "", modeOr(mode, DIRECTORY_MODE), mtime);
    }

    public void file(String name, long size, InputStream content) throws IOException {
        file(name, size, content, null, null);
    }

    /** A file with its UnixFS mode and mtime (each may be null). */
    public void file(String name, long size, InputStream content, Long mode, UnixTime mtime) throws IOException {
        header(name, '0', size, "", modeOr(mode, FILE_MODE), mtime);
        long copied = content.transferTo(out);
        if (copied != size) {
            throw new IOException("file " + name + " has " + copied + " bytes, expected " + size);
        }
        pad(size);
    }

    public void symlink(String name, String target) throws IOException {
        symlink(name, target, null);
    }

    /** A symlink with its UnixFS mtime (may be null). */
    public void symlink(String name, String target, UnixTime mtime) throws IOException {
        header(name, '2', 0, target, 0777, mtime);
    }

    private static int modeOr(Long mode, int fallback) {
        return mode == null ? fallback : (int) (mode & DiskMetadata.PERMISSIONS);
    }

    /** The two zero blocks that end an archive. */
    public void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void header(String name, char type, long size, String link, int mode, UnixTime mtime)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        Optional<Instant> time = mtime == null ? Optional.empty() : mtime.applicable();
        boolean fraction = time.isPresent() && time.get().getNano() != 0;
        if (nameBytes.length > 100 || linkBytes.length > 100 || fraction) {
            StringBuilder pax = new StringBuilder();
            if (nameBytes.length > 100) {
                pax.append(paxRecord("path", name));
            }
            if (linkBytes.length > 100) {
                pax.append(paxRecord("linkpath", link));
            }
            if (fraction) {
                pax.append(paxRecord("mtime", paxTime(time.get())));
            }
            byte[] body = pax.toString().getBytes(StandardCharsets.UTF_8);
            rawHeader("PaxHeader", 'x', body.length, "", 0644, 0);
            out.write(body);
            pad(body.length);
        }
        rawHeader(name, type, size, link, mode, time.map(Instant::getEpochSecond).orElse(0L));
    }

    /** Seconds with the nanoseconds as a decimal fraction, trailing zeros dropped: "1700000000.5". */
    static String paxTime(Instant t) {
        String frac = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return t.getEpochSecond() + (frac.isEmpty() ? "" : "." + frac);
    }

    /** A PAX record: "LEN key=value\n" where LEN counts the whole record, its own digits included. */
    static String paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len++;
        }
        return len + " " + key + "=" + value + "\n";
    }

    private void rawHeader(String name, char type, long size, String link, int mode, long mtime)
            throws IOException {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, truncate(name, 100));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, truncate(link, 100));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        out.write(h);
    }

    private static byte[] truncate(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return b.length <= max ? b : java.util.Arrays.copyOf(b, max);
    }

    private static void put(byte[] h, int off, int len, byte[] value) {
        System.arraycopy(value, 0, h, off, Math.min(len, value.length));
    }

    private static void octal(byte[] h, int off, int len, long value) {
        String s = Long.toOctalString(value);
        int digits = len - 1;
        if (s.length() > digits) {
            throw new IllegalArgumentException("value too large for a tar header: " + value);
        }
        String padded = "0".repeat(digits - s.length()) + s;
        put(h, off, digits, padded.getBytes(StandardCharsets.US_ASCII));
        h[off + digits] = 0;
    }

    private void pad(long size) throws IOException {
        int rem = (int) (size % BLOCK);
        if (rem != 0) {
            out.write(new byte[BLOCK - rem]);
        }
    }
}
