package dev.ferry.net.security.tls;

import dev.ferry.net.security.DecryptedInput;
import dev.ferry.net.transport.BufferPool;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * TLS records over a raw stream through an {@link SSLEngine}: the handshake, then a blocking reader and writer that
 * may run at once (one lock per direction; the engine allows concurrent wrap and unwrap).
 *
 * <p>The reader takes one record at a time off the raw stream (its 5-byte header, then exactly its body), so nothing
 * read ahead is ever left over between the handshake and the session. Buffers come from the shared
 * {@link BufferPool} and are held only while bytes are in flight: the reader waits for a header with none, takes one
 * for a record (ciphertext at its start, plaintext behind) and gives it back once the plaintext is read; the writer
 * takes one with the first byte written (plaintext gathered at its start, records wrapped behind, two full records
 * per raw write) and gives it back on flush.
 */
final class TlsChannel {
    /** Largest plaintext in one record. */
    static final int MAX_FRAGMENT = 1 << 14;
    /** Largest record body accepted: TLS 1.2's bound on ciphertext (TLS 1.3's is smaller). */
    static final int MAX_RECORD_BODY = MAX_FRAGMENT + 2048;
    private static final int HEADER = 5;
    private static final int IN_PLAINTEXT = 20 * 1024; // where the reader's buffer holds plaintext
    private static final int OUT_RECORDS = MAX_FRAGMENT; // where the writer's buffer holds wrapped records
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final DuplexStream raw;
    private final SSLEngine engine;
    private final Input input = new Input();
    private final Output output = new Output();
    private volatile boolean handshakeDone;

    TlsChannel(DuplexStream raw, SSLEngine engine) {
        this.raw = raw;
        this.engine = engine;
    }

    SSLEngine engine() {
        return engine;
    }

    InputStream in() {
        return input;
    }

    OutputStream out() {
        return output;
    }

    /**
     * Runs the handshake to its end on the caller's thread. On an engine failure the alert it has for the peer is sent
     * (best effort), the raw stream is closed and a {@link TlsException} is thrown.
     */
    void handshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> output.wrapControl();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    output.flush(); // whatever we owe the peer before waiting for it
                    input.handshakeRecord();
                }
                case NEED_TASK -> runTasks();
                case FINISHED, NOT_HANDSHAKING -> {
                    output.flush();
                    handshakeDone = true;
                    return;
                }
            }
        }
    }

    private void sendAlert() {
        try {
            if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                output.wrapControl();
            }
        } catch (IOException | RuntimeException ignored) {
            // the peer learns of the failure from the closed connection instead
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Flushes, sends close_notify and half-closes the raw stream: the peer reads EOF, reading here goes on. */
    void closeWrite() throws IOException {
        output.closeWrite();
    }

    /** Best-effort close_notify, then closes the raw stream. */
    void close() throws IOException {
        try {
            output.closeWrite();
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        } finally {
            try {
                raw.close();
            } finally {
                release();
            }
        }
    }

    void reset() {
        raw.reset();
        release();
    }

    private void release() {
        input.release();
        output.release();
    }

    private void fail() {
        try {
            raw.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing
        }
    }

    private final class Input extends DecryptedInput {
        private final byte[] header = new byte[HEADER];

        void handshakeRecord() throws IOException {
            lock.lock();
            try {
                if (failure != null) {
                    throw failure;
                }
                if (eof) {
                    throw new TlsException("the peer closed the connection during the TLS handshake");
                }
                record();
                if (eof) {
                    throw new TlsException("the peer closed the connection during the TLS handshake");
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        protected void fill() throws IOException {
            record();
        }

        /** Reads one record and unwraps it; plaintext, if any, lands behind what is still unread. */
        private void record() throws IOException {
            try {
                int body = readHeader();
                if (body < 0) {
                    eof = true; // the raw stream ended between records: taken as the end, as a plain close
                    return;
                }
                if (buf == null) {
                    buf = BufferPool.shared().acquire();
                    pos = IN_PLAINTEXT;
                    limit = IN_PLAINTEXT;
                }
                System.arraycopy(header, 0, buf, 0, HEADER);
                readFully(buf, HEADER, body);
                ByteBuffer src = ByteBuffer.wrap(buf, 0, HEADER + body);
                ByteBuffer dst = ByteBuffer.wrap(buf, limit, buf.length - limit);
                int stalled = 0;
                while (src.hasRemaining() && !eof) {
                    SSLEngineResult r = engine.unwrap(src, dst);
                    switch (r.getStatus()) {
                        case OK -> { }
                        case CLOSED -> eof = true; // close_notify
                        case BUFFER_OVERFLOW -> throw new TlsException("TLS record does not fit the read buffer");
                        case BUFFER_UNDERFLOW -> throw new TlsException("incomplete TLS record");
                    }
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    boolean progress = r.bytesConsumed() > 0 || r.bytesProduced() > 0;
                    if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                            && (handshakeDone || !progress)) {
                        output.wrapControl(); // a key update to answer, or a message owed before this record
                    }
                    if (!progress && ++stalled > 2) {
                        throw new TlsException("the TLS engine does not take a " + (HEADER + body) + "-byte record");
                    }
                }
                limit = dst.position();
            } catch (SSLException e) {
                sendAlert(); // e.g. bad_certificate, before the connection goes
                failure = new TlsException("TLS failure: " + e.getMessage(), e);
                fail();
                throw failure;
            } catch (TlsException e) {
                failure = e;
                fail();
                throw e;
            } finally {
                if (pos == limit) {
                    giveBack();
                }
            }
        }

        /** The body length of the next record, or -1 on a clean end of the raw stream before it. */
        private int readHeader() throws IOException {
            int first = raw.in().read();
            if (first < 0) {
                return -1;
            }
            header[0] = (byte) first;
            int off = 1;
            while (off < HEADER) {
                int n = raw.in().read(header, off, HEADER - off);
                if (n < 0) {
                    throw new TlsException("EOF inside a TLS record header");
                }
                off += n;
            }
            int type = header[0] & 0xff;
            if (type < 20 || type > 24 || header[1] != 3) {
                throw new TlsException("not a TLS record (type " + type + ", version " + (header[1] & 0xff) + "."
                        + (header[2] & 0xff) + ")");
            }
            int len = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
            if (len > MAX_RECORD_BODY) {
                throw new TlsException("TLS record of " + len + " bytes exceeds " + MAX_RECORD_BODY);
            }
            return len;
        }

        private void readFully(byte[] b, int off, int len) throws IOException {
            int done = 0;
            while (done < len) {
                int n = raw.in().read(b, off + done, len - done);
                if (n < 0) {
                    throw new TlsException("EOF inside a TLS record (" + done + " of " + len + " bytes)");
                }
                done += n;
            }
        }

        void release() {
            if (lock.tryLock()) {
                try {
                    if (failure == null) {
                        failure = new TlsException("TLS session closed");
                    }
                    giveBack();
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public void close() throws IOException {
            TlsChannel.this.close();
        }
    }

    private final class Output extends OutputStream {
        private final ReentrantLock lock = new ReentrantLock();
        private byte[] buf; // guarded by lock; pooled: plaintext [0, count), records [OUT_RECORDS, net.position())
        private ByteBuffer net;
        private int count;
        private boolean closed;
        private IOException failure;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                check();
                while (len > 0) {
                    if (count == 0 && len >= MAX_FRAGMENT) {
                        // a whole record straight from the caller's array: no copy
                        ByteBuffer src = ByteBuffer.wrap(b, off, MAX_FRAGMENT);
                        wrapAll(src);
                        off += MAX_FRAGMENT;
                        len -= MAX_FRAGMENT;
                        continue;
                    }
                    acquire();
                    int n = Math.min(len, MAX_FRAGMENT - count);
                    System.arraycopy(b, off, buf, count, n);
                    count += n;
                    off += n;
                    len -= n;
                    if (count == MAX_FRAGMENT) {
                        wrapGathered();
                    }
                }
            } catch (IOException e) {
                failed(e);
                throw e;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() throws IOException {
            lock.lock();
            try {
                check();
                if (count > 0) {
                    wrapGathered();
                }
                drain();
                giveBack();
                raw.out().flush();
            } catch (IOException e) {
                failed(e);
                throw e;
            } finally {
                lock.unlock();
            }
        }

        /** Wraps what the engine has to send on its own (handshake messages, alerts, key updates) and sends it. */
        void wrapControl() throws IOException {
            lock.lock();
            try {
                acquire();
                do {
                    SSLEngineResult r = wrapOnce(EMPTY);
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        break;
                    }
                } while (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
                drain();
                giveBack();
                raw.out().flush();
            } catch (IOException e) {
                failed(e);
                throw e;
            } finally {
                lock.unlock();
            }
        }

        void closeWrite() throws IOException {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (failure == null) {
                    if (count > 0) {
                        wrapGathered();
                    }
                    engine.closeOutbound();
                    acquire();
                    while (!engine.isOutboundDone()) {
                        SSLEngineResult r = wrapOnce(EMPTY);
                        if (r.getStatus() == SSLEngineResult.Status.CLOSED && r.bytesProduced() == 0) {
                            break;
                        }
                    }
                    drain();
                    giveBack();
                    raw.out().flush();
                }
                closed = true;
                raw.closeWrite();
            } catch (IOException e) {
                failed(e);
                throw e;
            } finally {
                lock.unlock();
            }
        }

        private void check() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (closed) {
                throw new TlsException("the TLS stream is closed for writing");
            }
        }

        private void failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
            giveBack();
        }

        private void acquire() {
            if (buf == null) {
                buf = BufferPool.shared().acquire();
                net = ByteBuffer.wrap(buf, OUT_RECORDS, buf.length - OUT_RECORDS);
                count = 0;
            }
        }

        private void wrapGathered() throws IOException {
            ByteBuffer src = ByteBuffer.wrap(buf, 0, count);
            wrapAll(src);
            count = 0;
        }

        private void wrapAll(ByteBuffer src) throws IOException {
            acquire();
            while (src.hasRemaining()) {
                SSLEngineResult r = wrapOnce(src);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new TlsException("the TLS session is closed");
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
            }
        }

        /** One wrap into the record area, sending the records gathered so far first when it is full. */
        private SSLEngineResult wrapOnce(ByteBuffer src) throws IOException {
            for (int attempt = 0; ; attempt++) {
                SSLEngineResult r;
                try {
                    r = engine.wrap(src, net);
                } catch (SSLException e) {
                    throw new TlsException("TLS failure: " + e.getMessage(), e);
                }
                if (r.getStatus() != SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    return r;
                }
                if (attempt > 0 && net.position() == OUT_RECORDS) {
                    throw new TlsException("a TLS record does not fit the write buffer");
                }
                drain();
            }
        }

        private void drain() throws IOException {
            if (net != null && net.position() > OUT_RECORDS) {
                int n = net.position() - OUT_RECORDS;
                net.position(OUT_RECORDS);
                raw.out().write(buf, OUT_RECORDS, n);
            }
        }

        private void giveBack() {
            if (buf != null) {
                byte[] b = buf;
                buf = null;
                net = null;
                count = 0;
                BufferPool.shared().release(b);
            }
        }

        void release() {
            if (lock.tryLock()) {
                try {
                    if (failure == null) {
                        failure = new TlsException("TLS session closed");
                    }
                    giveBack();
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }
    }
}
