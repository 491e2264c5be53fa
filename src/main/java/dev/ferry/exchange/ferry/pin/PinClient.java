package dev.ferry.exchange.ferry.pin;

import dev.ferry.exchange.ferry.pin.wire.PinFormatException;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The asking side: one stream per request; every path ends with the stream closed or reset. */
final class PinClient {
    private final Host host;
    private final ScheduledExecutorService timer;

    PinClient(Host host, ScheduledExecutorService timer) {
        this.host = host;
        this.timer = timer;
    }

    PinReply ask(PeerId peer, PinRequest request, Duration timeout) throws IOException {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        NegotiatedStream s;
        try {
            // not lazily: a peer without the protocol is told apart from a broken one before anything is sent
            s = host.newStream(peer, PinService.PROTOCOL_ID);
        } catch (ProtocolNotSupportedException e) {
            throw new PinProtocolException("peer " + peer + " does not speak " + PinService.PROTOCOL_ID, e);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                expired.set(true);
                Thread.ofVirtual().name("ferry-pin-timeout").start(s::reset);
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            s.reset();
            throw new IOException("the pin service is closed");
        }
        try {
            PinWire.writeRequest(s.out(), request);
            s.out().flush();
            s.closeWrite();
            PinReply reply = PinWire.readReply(s.in());
            if (reply == null) {
                throw new EOFException("peer " + peer + " closed the pin stream without a reply");
            }
            deadline.cancel(false);
            closeQuietly(s);
            return reply;
        } catch (PinFormatException e) {
            s.reset();
            if (expired.get()) {
                throw timedOut(peer, timeout);
            }
            throw new PinFormatException("malformed pin reply from " + peer + ": " + e.getMessage(), e);
        } catch (IOException e) {
            s.reset();
            if (expired.get()) {
                throw timedOut(peer, timeout);
            }
            throw e;
        } catch (RuntimeException e) {
            s.reset();
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private static SocketTimeoutException timedOut(PeerId peer, Duration timeout) {
        return new SocketTimeoutException("no pin reply from " + peer + " within " + timeout.toMillis() + " ms");
    }

    // the reply is in hand: a failing close must not turn it into an error
    private static void closeQuietly(NegotiatedStream s) {
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            s.reset();
        }
    }
}
