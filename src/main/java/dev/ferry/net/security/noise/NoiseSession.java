package dev.ferry.net.security.noise;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection secured by Noise: a {@link DuplexStream} whose bytes are encrypted in frames of at most 65519
 * plaintext bytes. Reading and writing may happen concurrently (one lock per direction). Writes are buffered until
 * {@code flush()}, a full frame, {@code closeWrite()} or {@code close()}. Any cryptographic or framing failure closes
 * the raw stream and is sticky.
 */
public final class NoiseSession implements DuplexStream {
    public static final int MAX_PLAINTEXT = NoiseConfig.MAX_FRAME - CipherState.TAG;

    private final DuplexStream raw;
    private final PeerId localPeer;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final List<String> remoteMuxers;
    private final byte[] handshakeHash;
    private final SecureInput input;
    private final SecureOutput output;

    NoiseSession(DuplexStream raw, CipherState send, CipherState receive, PeerId localPeer, PeerId remotePeer,
            PublicKey remoteKey, List<String> remoteMuxers, byte[] handshakeHash) {
        this.raw = raw;
        this.localPeer = localPeer;
        this.remotePeer = remotePeer;
        this.remoteKey = remoteKey;
        this.remoteMuxers = List.copyOf(remoteMuxers);
        this.handshakeHash = handshakeHash.clone();
        this.input = new SecureInput(receive);
        this.output = new SecureOutput(send);
    }

    public PeerId localPeer() {
        return localPeer;
    }

    public PeerId remotePeer() {
        return remotePeer;
    }

    public PublicKey remotePublicKey() {
        return remoteKey;
    }

    /** Muxers the peer listed in its payload extensions (informational). */
    public List<String> remoteStreamMuxers() {
        return remoteMuxers;
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

    private final class SecureInput extends InputStream {
        private final ReentrantLock lock = new ReentrantLock();
        private final CipherState cipher;
        private final byte[] frame = new byte[NoiseConfig.MAX_FRAME];
        private final byte[] plain = new byte[MAX_PLAINTEXT];
        private int pos;
        private int limit;
        private boolean eof;
        private IOException failure;

        SecureInput(CipherState cipher) {
            this.cipher = cipher;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (pos == limit) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (eof) {
                        return -1;
                    }
                    fill();
                }
                int n = Math.min(len, limit - pos);
                System.arraycopy(plain, pos, b, off, n);
                pos += n;
                return n;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return limit - pos;
            } finally {
                lock.unlock();
            }
        }

        private void fill() throws IOException {
            try {
                int len = NoiseFrames.read(raw.in(), frame, CipherState.TAG, NoiseConfig.MAX_FRAME);
                if (len < 0) {
                    eof = true;
                    return;
                }
                limit = cipher.decryptWithAd(null, frame, 0, len, plain, 0);
                pos = 0;
            } catch (NoiseException e) {
                failure = e;
                fail();
                throw e;
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

    private final class SecureOutput extends OutputStream {
        private final ReentrantLock lock = new ReentrantLock();
        private final CipherState cipher;
        private final byte[] plain = new byte[MAX_PLAINTEXT];
        private final byte[] frame = new byte[2 + NoiseConfig.MAX_FRAME];
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
                    int n = Math.min(len, MAX_PLAINTEXT - count);
                    System.arraycopy(b, off, plain, count, n);
                    count += n;
                    off += n;
                    len -= n;
                    if (count == MAX_PLAINTEXT) {
                        sendFrame(plain, 0, count);
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
                    sendFrame(plain, 0, count);
                    count = 0;
                }
                raw.out().flush();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
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

        private void sendFrame(byte[] src, int off, int len) throws IOException {
            try {
                int n = cipher.encryptWithAd(null, src, off, len, frame, 2);
                NoiseFrames.putLength(frame, n);
                raw.out().write(frame, 0, 2 + n);
            } catch (NoiseException e) {
                failure = e;
                fail();
                throw e;
            } catch (IOException e) {
                failure = e;
                throw e;
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
            NoiseSession.this.closeWrite();
        }
    }
}
