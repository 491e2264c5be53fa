package dev.ferry.exchange.ferry.oneshot;

import dev.ferry.identity.PeerId;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The asking side: one stream per request; every path ends with the stream closed or reset. */
final class OneShotClient<Q, A> {
    private final OneShotProtocol<Q, A> protocol;
    private final Host host;
    private final ScheduledExecutorService timer;

    OneShotClient(OneShotProtocol<Q, A> protocol, Host host, ScheduledExecutorService timer) {
        this.protocol = protocol;
        this.host = host;
        this.timer = timer;
    }

    A ask(PeerId peer, Q request, Duration timeout) throws IOException {
        OneShotWords w = protocol.words();
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(request, w.requestParam());
        Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        NegotiatedStream s;
        try {
            // not lazily: a peer without the protocol (an older ferry) is told apart from a broken one before
            // anything is sent
            s = host.newStream(peer, protocol.id());
        } catch (ProtocolNotSupportedException e) {
            throw protocol.notSpoken("peer " + peer + " does not speak " + protocol.id(), e);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                expired.set(true);
                Thread.ofVirtual().name("ferry-" + w.name() + "-timeout").start(s::reset);
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            s.reset();
            throw OneShotService.closed(w);
        }
        try {
            protocol.writeRequest(s.out(), request);
            s.out().flush();
            s.closeWrite();
            A answer = protocol.readAnswer(s.in());
            if (answer == null) {
                throw new EOFException("peer " + peer + " closed the " + w.name() + " stream without "
                        + w.anAnswer());
            }
            Optional<String> misfit = protocol.misfit(request, answer);
            if (misfit.isPresent()) {
                throw protocol.malformed(misfit.get(), null);
            }
            deadline.cancel(false);
            closeQuietly(s);
            return answer;
        } catch (IOException e) {
            s.reset();
            if (expired.get()) {
                throw timedOut(peer, timeout);
            }
            if (protocol.isMalformed(e)) {
                throw protocol.malformed("malformed " + w.answer() + " from " + peer + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            s.reset();
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    private SocketTimeoutException timedOut(PeerId peer, Duration timeout) {
        return new SocketTimeoutException("no " + protocol.words().answer() + " from " + peer + " within "
                + timeout.toMillis() + " ms");
    }

    // the answer is in hand: a failing close must not turn it into an error
    private static void closeQuietly(NegotiatedStream s) {
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            s.reset();
        }
    }
}
