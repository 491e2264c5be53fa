package dev.ferry.net.pnet;

import dev.ferry.crypto.XSalsa20;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A raw connection inside a private network (PSK v1): each side first sends a fresh 24-byte nonce, then every byte
 * it writes is XORed with the XSalsa20 keystream of the swarm key and its own nonce; it reads with the peer's nonce.
 * There is no handshake and no MAC: a peer with another key reads noise, and the multistream negotiation above fails
 * (or waits for more noise until the host's upgrade timeout). A peer outside any private network is told apart from
 * its first 20 bytes, the plain multistream header. Authenticity is Noise's job, one layer up.
 *
 * <p>Threading as {@link DuplexStream}: one reader and one writer at a time (each direction has its own keystream).
 */
public final class PrivateNetworkStream implements DuplexStream {
    public static final int NONCE_LENGTH = XSalsa20.NONCE_LENGTH;
    /** What a libp2p peer outside private networks says first: multistream's length-prefixed header line. */
    private static final byte[] PLAIN_LIBP2P = "\u0013/multistream/1.0.0\n".getBytes(StandardCharsets.US_ASCII);
    /** Bytes XORed per write into a copy (the caller's array is never changed). */
    private static final int CHUNK = 8 * 1024;

    private final DuplexStream raw;
    private final In in;
    private final Out out;

    private PrivateNetworkStream(DuplexStream raw, SwarmKey key, byte[] localNonce, byte[] remoteNonce) {
        this.raw = raw;
        byte[] k = key.bytes();
        this.in = new In(raw.in(), new XSalsa20(k, remoteNonce));
        this.out = new Out(raw.out(), new XSalsa20(k, localNonce));
    }

    /**
     * Sends a fresh nonce, then waits for the peer's. Both sides send first, so neither waits for the other to
     * read. The caller bounds the wait (the host's upgrade timeout resets {@code raw}).
     *
     * @throws PrivateNetworkException when the peer speaks plain libp2p, or ends the connection before its whole nonce
     */
    public static PrivateNetworkStream protect(DuplexStream raw, SwarmKey key, SecureRandom random) throws IOException {
        Objects.requireNonNull(key, "key");
        byte[] local = new byte[NONCE_LENGTH];
        random.nextBytes(local);
        raw.out().write(local);
        raw.out().flush();
        // a peer outside any private network opens with the multistream header and waits for ours, before it has
        // sent 24 bytes: it is recognised from its first 20, where waiting for all 24 would hang both sides
        byte[] remote = new byte[NONCE_LENGTH];
        int got = raw.in().readNBytes(remote, 0, PLAIN_LIBP2P.length);
        if (got == PLAIN_LIBP2P.length && Arrays.equals(remote, 0, got, PLAIN_LIBP2P, 0, got)) {
            throw new PrivateNetworkException("the peer speaks plain libp2p: it is not in a private network");
        }
        got += raw.in().readNBytes(remote, got, NONCE_LENGTH - got);
        if (got < NONCE_LENGTH) {
            throw new PrivateNetworkException("the peer closed the connection after " + got + " of the "
                    + NONCE_LENGTH + " bytes of its private network nonce");
        }
        return new PrivateNetworkStream(raw, key, local, remote);
    }

    @Override
    public InputStream in() {
        return in;
    }

    @Override
    public OutputStream out() {
        return out;
    }

    @Override
    public void closeWrite() throws IOException {
        raw.closeWrite();
    }

    @Override
    public void reset() {
        raw.reset();
    }

    @Override
    public void close() throws IOException {
        raw.close();
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
    public String toString() {
        return "PrivateNetwork[" + raw + "]";
    }

    private final class In extends InputStream {
        private final InputStream delegate;
        private final XSalsa20 keystream;

        In(InputStream delegate, XSalsa20 keystream) {
            this.delegate = delegate;
            this.keystream = keystream;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b < 0) {
                return b;
            }
            byte[] one = {(byte) b};
            keystream.apply(one, 0, 1);
            return one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            int n = delegate.read(b, off, len);
            if (n > 0) {
                keystream.apply(b, off, n);
            }
            return n;
        }

        /** Skipped bytes are read: the keystream must move past them too. */
        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            byte[] sink = new byte[(int) Math.min(CHUNK, n)];
            long left = n;
            while (left > 0) {
                int r = read(sink, 0, (int) Math.min(sink.length, left));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }

        @Override
        public void close() throws IOException {
            PrivateNetworkStream.this.close();
        }
    }

    private final class Out extends OutputStream {
        private final OutputStream delegate;
        private final XSalsa20 keystream;
        private byte[] scratch; // made at the first write, kept

        Out(OutputStream delegate, XSalsa20 keystream) {
            this.delegate = delegate;
            this.keystream = keystream;
        }

        @Override
        public void write(int b) throws IOException {
            byte[] one = {(byte) b};
            keystream.apply(one, 0, 1);
            delegate.write(one[0] & 0xff);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (scratch == null && len > 0) {
                scratch = new byte[CHUNK];
            }
            for (int done = 0; done < len; ) {
                int n = Math.min(CHUNK, len - done);
                keystream.apply(b, off + done, n, scratch, 0);
                delegate.write(scratch, 0, n);
                done += n;
            }
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            closeWrite();
        }
    }
}
