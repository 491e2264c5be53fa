package dev.ferry.cli;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CLI's HTTP/1.1 client for the daemon's RPC API: one POST per connection over a plain socket. A body of known
 * length (files) goes from the page cache to the socket with {@code transferTo}, so the client spends next to no CPU
 * on it (through {@code HttpClient} an upload cost about three CPU-seconds per GiB, which on two cores the daemon's
 * hashing lost); one of unknown length (stdin) goes in chunks. The body is written on a thread of its own while the
 * answer is read, since the daemon streams progress events while it still reads. No {@code HttpClient} at all: its
 * start (the HTTP/2-capable client and the TLS classes it loads even for plain HTTP) cost every command a daemon
 * served about half a second.
 */
final class DaemonHttp {
    /** The longest status or header line accepted from the daemon. */
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;
    /** A daemon that takes longer than this to accept a connection on loopback is taken for gone. */
    static final int CONNECT_TIMEOUT_MS = 2000;
    /** Chunk size of a body of unknown length. */
    private static final int CHUNK = 256 * 1024;

    /** The daemon's answer: its status, headers (names in lower case) and body (de-chunked). */
    record Answer(int status, Map<String, String> headers, InputStream body) {}

    private DaemonHttp() {
    }

    /**
     * POSTs to {@code uri} with {@code body} (null: none) and returns the answer once its head has arrived; closing
     * the answer's body closes the connection.
     */
    static Answer post(URI uri, String authorization, MultipartBody body) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(new InetSocketAddress(uri.getHost(), uri.getPort()), CONNECT_TIMEOUT_MS);
            long length = body == null ? 0 : body.length();
            StringBuilder head = new StringBuilder();
            head.append("POST ").append(uri.getRawPath()).append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    .append(" HTTP/1.1\r\n");
            head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            if (body != null) {
                head.append("Content-Type: ").append(body.contentType()).append("\r\n");
            }
            if (length >= 0) {
                head.append("Content-Length: ").append(length).append("\r\n");
            } else {
                head.append("Transfer-Encoding: chunked\r\n");
            }
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            writeFully(ch, ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
            AtomicReference<IOException> writeFailure = new AtomicReference<>();
            // a platform thread: a virtual one would put the socket in non-blocking mode, and sendfile would return
            // after each socket buffer's worth, with a park and a poll each time
            Thread writer = body == null ? null : Thread.ofPlatform().daemon().name("upload").start(() -> {
                try {
                    if (length >= 0) {
                        body.writeTo(ch);
                    } else {
                        writeChunked(body, ch);
                    }
                    ch.shutdownOutput();
                } catch (IOException e) {
                    writeFailure.set(e); // the daemon may have answered (an error) and closed: its answer tells why
                }
            });
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer from the daemon: " + status);
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("bad HTTP status from the daemon: " + status);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
                }
                if (headers.size() > MAX_HEADERS) {
                    throw new IOException("too many headers from the daemon");
                }
            }
            InputStream bodyIn;
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                bodyIn = new Dechunked(in);
            } else if (headers.containsKey("content-length")) {
                long declared;
                try {
                    declared = Long.parseLong(headers.get("content-length"));
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length from the daemon: " + headers.get("content-length"));
                }
                bodyIn = new Limited(in, declared);
            } else {
                bodyIn = in; // until the daemon closes
            }
            InputStream answer = new java.io.FilterInputStream(bodyIn) {
                @Override
                public void close() throws IOException {
                    try {
                        ch.close();
                    } finally {
                        if (writer != null) {
                            try {
                                writer.join();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                }
            };
            if (code == 200 && writeFailure.get() != null) {
                answer.close();
                throw writeFailure.get();
            }
            return new Answer(code, headers, answer);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The body as HTTP/1.1 chunks of up to {@link #CHUNK} bytes, then the last (empty) chunk. */
    private static void writeChunked(MultipartBody body, SocketChannel ch) throws IOException {
        byte[] buf = new byte[CHUNK];
        try (InputStream in = body.open()) {
            for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
                writeFully(ch, ByteBuffer.wrap((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                writeFully(ch, ByteBuffer.wrap(buf, 0, n));
                writeFully(ch, ByteBuffer.wrap(CRLF));
            }
        }
        writeFully(ch, ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** One CRLF-terminated line, without the CRLF. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the daemon closed the connection mid-answer");
            }
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes from the daemon");
            }
            sb.append((char) c);
        }
    }

    /** A body decoder whose single-byte read goes through its array read, the one each decoder writes. */
    private abstract static class BodyDecoder extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** At most {@code left} bytes of {@code in}. */
    static final class Limited extends BodyDecoder {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the daemon's answer ended early");
            }
            left -= n;
            return n;
        }
    }

    /** HTTP/1.1 chunked transfer coding, decoded; trailers are read and dropped. */
    static final class Dechunked extends BodyDecoder {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = line(in);
                int semi = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size from the daemon: " + size);
                }
                if (chunkLeft < 0) {
                    throw new IOException("bad chunk size from the daemon: " + size);
                }
                if (chunkLeft == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("the daemon's answer ended mid-chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0 && !line(in).isEmpty()) {
                throw new IOException("a chunk not followed by CRLF");
            }
            return n;
        }
    }
}
