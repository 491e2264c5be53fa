package dev.ferry.net.multistream;

import dev.ferry.net.transport.DuplexStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream whose dialer proposed one protocol and went on without waiting for the answer
 * ({@link Multistream#selectLazily}). The first read consumes the listener's header and answer: the proposal's echo
 * lets reads go on to the protocol's data; {@code na} fails this and every later read with
 * {@link ProtocolNotSupportedException}, anything else with {@link MultistreamException}.
 *
 * <p>Half-closing before the answer has been read is deferred until it has: a listener still negotiating may take
 * an early end of the stream for the end of the negotiation (js-libp2p 3.3 never answered an echo stream whose end
 * came with its first bytes). A request-response protocol loses nothing by it, as its server answers the request,
 * not the end of the stream.
 */
public final class LazilySelectedStream implements DuplexStream {
    private final DuplexStream stream;
    private final String proposed;
    private final InputStream in = new CheckedInput();
    private final OutputStream out;
    private final ReentrantLock readLock = new ReentrantLock(); // held while the answer is read
    private volatile boolean agreed;
    private IOException failure; // guarded by readLock
    // set by a half-close before the answer; whoever clears it (the half-close or the agreement) sends the end
    private final AtomicBoolean closeWritePending = new AtomicBoolean();

    LazilySelectedStream(DuplexStream stream, String proposed) {
        this.stream = stream;
        this.proposed = proposed;
        this.out = new FilterOutputStream(stream.out()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                stream.out().write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                closeWrite();
            }
        };
    }

    /** The protocol proposed; whether the listener took it shows on the first read. */
    public String proposed() {
        return proposed;
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
        if (!agreed) {
            stream.out().flush();
            closeWritePending.set(true);
            // the answer may have been read meanwhile: then the end goes out here, unless the reader sent it
            if (!agreed || !closeWritePending.compareAndSet(true, false)) {
                return;
            }
        }
        stream.closeWrite();
    }

    @Override
    public void reset() {
        stream.reset();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }

    @Override
    public String remoteAddress() {
        return stream.remoteAddress();
    }

    @Override
    public String localAddress() {
        return stream.localAddress();
    }

    private void awaitAnswer() throws IOException {
        if (agreed) {
            return;
        }
        readLock.lock();
        try {
            if (agreed) {
                return;
            }
            if (failure == null) {
                try {
                    InputStream raw = stream.in();
                    Multistream.expectHeader(raw);
                    String answer = MultistreamCodec.read(raw);
                    if (answer.equals(Multistream.NA)) {
                        failure = new ProtocolNotSupportedException(List.of(proposed));
                    } else if (!answer.equals(proposed)) {
                        failure = new MultistreamException("listener answered '" + Multistream.shorten(answer)
                                + "' to '" + proposed + "'");
                    } else {
                        agreed = true;
                        if (closeWritePending.compareAndSet(true, false)) {
                            stream.closeWrite();
                        }
                        return;
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
            throw failure;
        } finally {
            readLock.unlock();
        }
    }

    private final class CheckedInput extends InputStream {
        @Override
        public int read() throws IOException {
            awaitAnswer();
            return stream.in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            awaitAnswer();
            return stream.in().read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            awaitAnswer();
            return stream.in().skip(n);
        }

        /** 0 until the answer has been read: the bytes waiting may still be the negotiation's. */
        @Override
        public int available() throws IOException {
            return agreed ? stream.in().available() : 0;
        }

        @Override
        public void close() throws IOException {
            stream.in().close();
        }
    }
}
