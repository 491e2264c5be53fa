package dev.ferry.cli;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * A {@code multipart/form-data} request body as Kubo's RPC takes file input: one part per file, directory or symlink,
 * named {@code file}, its path URL-encoded in {@code filename}, directories as {@code application/x-directory} and
 * symlinks as {@code application/symlink}. File contents are opened only when the body is read, one at a time, so a
 * large tree streams without being held in memory.
 */
final class MultipartBody {
    /** Opens a part's content when the body reaches it. */
    @FunctionalInterface
    interface Content {
        InputStream open() throws IOException;
    }

    /**
     * One part; {@code file} is set for a regular file, which can then be sent without copying it through us;
     * {@code query} (may be empty) follows the field name as kubo-rpc-client writes a part's own metadata
     * ({@code file?mode=0644&mtime=...}).
     */
    private record Part(String filename, String contentType, Content content, long size, Path file, String query,
            String absPath) {
        Part(String filename, String contentType, Content content, long size, Path file, String query) {
            this(filename, contentType, content, size, file, query, null);
        }

        Part(String filename, String contentType, Content content, long size, Path file) {
            this(filename, contentType, content, size, file, "");
        }
    }

    private final String boundary;
    private final List<Part> parts = new ArrayList<>();

    MultipartBody() {
        byte[] r = new byte[16];
        new SecureRandom().nextBytes(r);
        this.boundary = "ferry-" + HexFormat.of().formatHex(r);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A file whose size is not known in advance (stdin): the body is then sent without a length. */
    MultipartBody file(String path, Content content) {
        return file(path, content, -1);
    }

    MultipartBody file(String path, Content content, long size) {
        parts.add(new Part(path, "application/octet-stream", content, size, null));
        return this;
    }

    /** A regular file: its size is taken now, its bytes when the body is sent. */
    MultipartBody file(String path, Path file) throws IOException {
        parts.add(new Part(path, "application/octet-stream", () -> Files.newInputStream(file), Files.size(file), file));
        return this;
    }

    /** A regular file with a query after its field name (its own mode and mtime), see {@link Part}. */
    MultipartBody file(String path, Path file, String query) throws IOException {
        parts.add(new Part(path, "application/octet-stream", () -> Files.newInputStream(file), Files.size(file), file,
                query));
        return this;
    }

    /**
     * A regular file sent with its absolute path in an {@code Abspath} header, as Kubo's CLI sends it (what
     * {@code add --nocopy} records).
     */
    MultipartBody file(String path, Path file, String query, String absPath) throws IOException {
        if (absPath.indexOf('\r') >= 0 || absPath.indexOf('\n') >= 0) {
            throw new IOException("cannot send a path with a line break in a header: " + file);
        }
        parts.add(new Part(path, "application/octet-stream", () -> Files.newInputStream(file), Files.size(file), file,
                query, absPath));
        return this;
    }

    MultipartBody directory(String path) {
        return directory(path, "");
    }

    MultipartBody directory(String path, String query) {
        parts.add(new Part(path, "application/x-directory", null, 0, null, query));
        return this;
    }

    MultipartBody symlink(String path, String target) {
        return symlink(path, target, "");
    }

    MultipartBody symlink(String path, String target, String query) {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        parts.add(new Part(path, "application/symlink", () -> new ByteArrayInputStream(t), t.length, null, query));
        return this;
    }

    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The body's length in bytes, or -1 when a part's size is not known in advance. */
    long length() {
        long total = ("--" + boundary + "--\r\n").length();
        for (Part p : parts) {
            if (p.size() < 0) {
                return -1;
            }
            total += head(p).getBytes(StandardCharsets.UTF_8).length + p.size() + 2;
        }
        return total;
    }

    private String head(Part p) {
        return "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file" + (p.query().isEmpty() ? "" : "?" + p.query())
                + "\"; filename=\""
                + URLEncoder.encode(p.filename(), StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\n"
                + "Content-Type: " + p.contentType() + "\r\n"
                + (p.absPath() == null ? "" : "Abspath: " + p.absPath() + "\r\n")
                + "\r\n";
    }

    /**
     * Writes the whole body to {@code out}: a regular file goes with {@code transferTo} (the kernel copies it to the
     * socket, no pass through this process), anything else through a buffer.
     *
     * @throws IOException also when a file's size changed since it was added (the declared length would be wrong)
     */
    void writeTo(WritableByteChannel out) throws IOException {
        for (Part p : List.copyOf(parts)) {
            writeAll(out, head(p).getBytes(StandardCharsets.UTF_8));
            if (p.file() != null) {
                try (FileChannel f = FileChannel.open(p.file(), StandardOpenOption.READ)) {
                    if (f.size() != p.size()) {
                        throw new IOException(p.file() + " changed size while being added");
                    }
                    long pos = 0;
                    while (pos < p.size()) {
                        long n = f.transferTo(pos, p.size() - pos, out);
                        if (n <= 0 && f.size() < p.size()) {
                            throw new IOException(p.file() + " shrank while being added");
                        }
                        pos += n;
                    }
                }
            } else if (p.content() != null) {
                try (InputStream in = p.content().open()) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        writeAll(out, java.util.Arrays.copyOf(buf, n));
                    }
                }
            }
            writeAll(out, "\r\n".getBytes(StandardCharsets.UTF_8));
        }
        writeAll(out, ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void writeAll(WritableByteChannel out, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** The whole body; each call starts again from the first part. */
    InputStream open() {
        Iterator<Part> it = List.copyOf(parts).iterator();
        List<InputStream> tail = new ArrayList<>();
        tail.add(ascii("--" + boundary + "--\r\n"));
        Iterator<InputStream> pieces = new Iterator<>() {
            private Iterator<InputStream> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                return current.hasNext() || it.hasNext() || !tail.isEmpty();
            }

            @Override
            public InputStream next() {
                if (!current.hasNext()) {
                    if (it.hasNext()) {
                        current = pieces(it.next()).iterator();
                    } else {
                        return tail.removeFirst();
                    }
                }
                return current.next();
            }
        };
        return new SequenceInputStream(new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return pieces.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return pieces.next();
            }
        });
    }

    private List<InputStream> pieces(Part p) {
        String head = head(p);
        List<InputStream> out = new ArrayList<>();
        out.add(ascii(head));
        if (p.content() != null) {
            out.add(new LazyStream(p.content()));
        }
        out.add(ascii("\r\n"));
        return out;
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens the file on first read and closes it at its end. */
    private static final class LazyStream extends InputStream {
        private final Content content;
        private InputStream in;

        LazyStream(Content content) {
            this.content = content;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = content.open();
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
