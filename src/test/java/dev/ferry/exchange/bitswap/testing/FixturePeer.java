package dev.ferry.exchange.bitswap.testing;

import dev.ferry.exchange.bitswap.wire.BitswapCodec;
import dev.ferry.exchange.bitswap.wire.BitswapMessage;
import dev.ferry.exchange.bitswap.wire.BitswapProtocol;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A peer that speaks the Bitswap wire format itself, answering through a script: for each message received, the
 * script writes whatever it likes (valid messages, raw bytes) on the fixture's outbound stream.
 */
public final class FixturePeer {
    /** Writes the answer to {@code in} (framed messages or raw bytes) to {@code out}. */
    @FunctionalInterface
    public interface Script {
        void answer(BitswapMessage in, Replies out) throws IOException;
    }

    /** Where a script writes. */
    public final class Replies {
        private final PeerId to;

        Replies(PeerId to) {
            this.to = to;
        }

        public void send(BitswapMessage m) throws IOException {
            write(to, o -> BitswapCodec.write(o, m, protocol));
        }

        /** Raw bytes on a fresh stream (e.g. a lying frame); the stream is closed after. */
        public void sendRawOnNewStream(byte[] bytes) throws IOException {
            try (NegotiatedStream s = host.newStream(to, protocol.id())) {
                s.out().write(bytes);
                s.out().flush();
                s.closeWrite();
            }
        }
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    public final Host host;
    public final AtomicInteger received = new AtomicInteger();
    private final Script script;
    private final BitswapProtocol protocol;
    private final ReentrantLock lock = new ReentrantLock();
    private NegotiatedStream out;

    public FixturePeer(Host host, Script script) {
        this(host, BitswapProtocol.V120, script);
    }

    /** A fixture that serves and speaks only {@code protocol}. */
    public FixturePeer(Host host, BitswapProtocol protocol, Script script) {
        this.host = host;
        this.script = script;
        this.protocol = protocol;
        host.setHandler(protocol.id(), s -> {
            BitswapMessage m;
            while ((m = BitswapCodec.read(s.in(), BitswapCodec.MAX_MESSAGE_SIZE)) != null) {
                received.incrementAndGet();
                script.answer(m, new Replies(s.remotePeer()));
            }
        });
    }

    /** Opens a stream to {@code to} with this fixture's protocol and writes {@code m} on it (as a requester). */
    public void request(PeerId to, BitswapMessage m) throws IOException {
        write(to, o -> BitswapCodec.write(o, m, protocol));
    }

    private void write(PeerId to, Writer w) throws IOException {
        lock.lock();
        try {
            if (out == null) {
                out = host.newStream(to, protocol.id());
            }
            w.write(out.out());
            out.out().flush();
        } finally {
            lock.unlock();
        }
    }
}
