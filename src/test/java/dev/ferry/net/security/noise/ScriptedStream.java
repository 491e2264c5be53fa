package dev.ferry.net.security.noise;

import dev.ferry.net.transport.DuplexStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/** A DuplexStream that replays fixed input bytes and records output. */
final class ScriptedStream implements DuplexStream {
    final ByteArrayInputStream in;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    volatile boolean closed;

    ScriptedStream(byte[] input) {
        this.in = new ByteArrayInputStream(input);
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
    public void closeWrite() {}

    @Override
    public void reset() {
        closed = true;
    }

    @Override
    public String remoteAddress() {
        return "script";
    }

    @Override
    public String localAddress() {
        return "script";
    }

    @Override
    public void close() {
        closed = true;
    }
}
