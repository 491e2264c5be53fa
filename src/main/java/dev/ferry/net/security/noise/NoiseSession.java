package dev.ferry.net.security.noise;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.security.DecryptedInput;
import dev.ferry.net.security.SecuredStream;
import dev.ferry.net.transport.BufferPool;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection secured by Noise: a {@link DuplexStream} whose bytes are encrypted in frames of at most 65519
 * plaintext bytes. Reading and writing may happen concurrently (one lock per direction). Writes are buffered until
 * {@code flush()}, a full frame, {@code closeWrite()} or {@code close()}. Any cryptographic or framing failure closes
 * the raw stream and is sticky.
 *
 * <p>Memory: frame buffers come from the shared {@link BufferPool} and are held only while bytes are in flight. The
 * reader waits for a frame's length with no buffer, takes one for the frame (decrypted in place) and gives it back
 * once the application has read the whole plaintext; the writer takes one with the first buffered byte (plaintext is
 * gathered behind a 2-byte gap and encrypted in place) and gives it back on flush. An idle session holds none.
 */
public final class NoiseSession implements SecuredStream {
    public static final int MAX_PLAINTEXT = NoiseConfig.MAX_FRAME - CipherState.TAG;

    private final DuplexStream raw;
    private final PeerId localPeer;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final List<String> remoteMuxers;
    private final Optional<String> earlyMuxer;
    private final byte[] handshakeHash;
    private final SecureInput input;
    private final SecureOutput output;

    NoiseSession(DuplexStream raw, CipherState send, CipherState receive, PeerId localPeer, PeerId remotePeer,
            PublicKey remoteKey, List<String> remoteMuxers, Optional<String> earlyMuxer, byte[] handshakeHash) {
        this.raw = raw;
        this.localPeer = localPeer;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.remoteMuxers = List.copyOf(remoteMuxers);
        this.earlyMuxer = earlyMuxer;
        this.handshakeHash = handshakeHash.clone();
        this.input = new SecureInput(receive);
        this.output = new SecureOutput(send);
    }

    @Override
    public PeerId localPeer() {
        return localPeer;
    }

    @Override
    public PeerId remotePeer() {
        return remotePeer;
    }

    @Override
    public PublicKey remotePublicKey() {
        return remoteKey;
    }

    /** Muxers the peer listed in its payload extensions, in its order. */
    public List<String> remoteStreamMuxers() {
        return remoteMuxers;
    }

    /** The muxer both sides' payload extensions agreed on; empty when either listed none. */
    @Override
    public Optional<String> earlyMuxer() {
        return earlyMuxer;
    }

    /** The final handshake hash h (channel binding); equal on both sides of a successful handshake. */
    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    @Override
    public InputStream in() {
        return input;
    }

    @Override
    public OutputStream out() {
        return output;
    }

    @Override
    public void closeWrite() throws IOException {
        output.flush();
        raw.closeWrite();
    }

    @Override
    public void reset() {
        raw.reset();
        releaseCiphers();
    }

    @Override
    public String remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public String localAddress() {
        return raw.localAddress();
    }

    @Override
    public void close() throws IOException {
        try {
            output.flushQuietly();
        } finally {
            try {
                raw.close();
            } finally {
                releaseCiphers();
            }
        }
    }

    /**
     * Frees each direction's cipher unless a reader or writer is inside it right now (then the cipher's cleaner
     * frees it once unreachable); the raw stream is already closed, so no further frame is processed.
     */
    private void releaseCiphers() {
        input.release();
        output.release();
    }

    private void fail() {
        try {
            raw.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the first error is what the caller sees
        }
    }

    private final class SecureInput extends DecryptedInput {
        private final CipherState cipher;

        SecureInput(CipherState cipher) {
            this.cipher = cipher;
        }

        /** Reads and decrypts one frame; called with nothing unread (so without a buffer). */
        @Override
        protected void fill() throws IOException {
            try {
                int len = readLength(raw.in());
                if (len < 0) {
                    eof = true;
                    return;
                }
                // a buffer only once a frame is coming: a reader waiting for the next frame holds none
                buf = BufferPool.shared().acquire();
                readBody(raw.in(), buf, len);
                limit = cipher.decryptWithAd(null, buf, 0, len, buf, 0);
                pos = 0;
            } catch (NoiseException e) {
                failure = e;
                fail();
                throw e;
            } finally {
                if (pos == limit) {
                    giveBack(); // failed, or an empty frame
                }
            }
        }

        void release() {
            if (lock.tryLock()) {
                try {
                    if (failure == null) {
                        failure = new NoiseException("session closed");
                    }
                    cipher.destroy(true);
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public void close() throws IOException {
            NoiseSession.this.close();
        }
    }

    /** A frame's 2-byte length, checked against [TAG, MAX_FRAME]; -1 on a clean EOF before it. */
    private static int readLength(InputStream in) throws IOException {
        int hi = in.read();
        if (hi < 0) {
            return -1;
        }
        int lo = in.read();
        if (lo < 0) {
            throw new NoiseException("EOF inside a frame length");
        }
        int len = (hi << 8) | lo;
        if (len < CipherState.TAG || len > NoiseConfig.MAX_FRAME) {
            throw new NoiseException("frame length " + len + " outside [" + CipherState.TAG + ", "
                    + NoiseConfig.MAX_FRAME + "]");
        }
        return len;
    }

    private static void readBody(InputStream in, byte[] buf, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(buf, off, len - off);
            if (n < 0) {
                throw new NoiseException("EOF inside a frame (" + off + " of " + len + " bytes)");
            }
            off += n;
        }
    }

    private final class SecureOutput extends OutputStream {
        /** Where plaintext is gathered in {@link #buf}: behind the length prefix, so it is encrypted in place. */
        private static final int BODY = 2;
        private final ReentrantLock lock = new ReentrantLock();
        private final CipherState cipher;
        private byte[] buf; // guarded by lock; pooled, held from the first byte written until flush, else null
        private int count;
        private IOException failure;

        SecureOutput(CipherState cipher) {
            this.cipher = cipher;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                check();
                while (len > 0) {
                    if (count == 0 && len >= MAX_PLAINTEXT) {
                        // a whole frame straight from the caller's array: no copy into the buffer
                        sendFrame(b, off, MAX_PLAINTEXT);
                        off += MAX_PLAINTEXT;
                        len -= MAX_PLAINTEXT;
                        continue;
                    }
                    if (buf == null) {
                        buf = BufferPool.shared().acquire();
                    }
                    int n = Math.min(len, MAX_PLAINTEXT - count);
                    System.arraycopy(b, off, buf, BODY + count, n);
                    count += n;
                    off += n;
                    len -= n;
                    if (count == MAX_PLAINTEXT) {
                        sendFrame(buf, BODY, count);
                        count = 0;
                    }
                }
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
                    sendFrame(buf, BODY, count);
                    count = 0;
                }
                giveBack();
                raw.out().flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
                giveBack();
                throw e;
            } finally {
                lock.unlock();
            }
        }

        void flushQuietly() {
            try {
                flush();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        private void check() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        /** Encrypts into the buffer (in place when {@code src} is the buffer) and writes the frame. */
        private void sendFrame(byte[] src, int off, int len) throws IOException {
            if (buf == null) {
                buf = BufferPool.shared().acquire();
            }
            try {
                int n = cipher.encryptWithAd(null, src, off, len, buf, BODY);
                NoiseFrames.putLength(buf, n);
                raw.out().write(buf, 0, BODY + n);
            } catch (NoiseException e) {
                failure = e;
                giveBack();
                fail();
                throw e;
            } catch (IOException e) {
                failure = e;
                giveBack();
                throw e;
            }
        }

        private void giveBack() {
            if (buf != null) {
                byte[] b = buf;
                buf = null;
                count = 0;
                BufferPool.shared().release(b);
            }
        }

        void release() {
            if (lock.tryLock()) {
                try {
                    if (failure == null) {
                        failure = new NoiseException("session closed");
                    }
                    cipher.destroy(true);
                    giveBack(); // failure is set: nothing writes again
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public void close() throws IOException {
            NoiseSession.this.closeWrite();
        }
    }
}
