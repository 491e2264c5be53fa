package dev.ferry.net.relay;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A hop or stop stream once it carries a relayed connection: the host's raw stream for that connection. It names the
 * circuit as its remote address, and tells (through {@link #awaitEnd}) when the connection above closed or reset it,
 * for the stop handler, whose stream lives as long as the connection.
 */
final class RelayedStream implements DuplexStream {
    private final DuplexStream stream;
    private final String remote;
    private final CountDownLatch ended = new CountDownLatch(1);

    RelayedStream(DuplexStream stream, String remote) {
        this.stream = stream;
        this.remote = remote;
    }

    @Override
    public InputStream in() {
        return stream.in();
    }

    @Override
    public OutputStream out() {
        return stream.out();
    }

    @Override
    public void closeWrite() throws IOException {
        stream.closeWrite();
    }

    @Override
    public void reset() {
        try {
            stream.reset();
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stream.close();
        } finally {
            ended.countDown();
        }
    }

    /** Waits until the stream was closed or reset, at most {@code millis}; whether it was. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return ended.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public String localAddress() {
        return stream.localAddress();
    }
}
