package dev.ferry.exchange.ferry.proof;

import dev.ferry.exchange.ferry.proof.wire.ProofAnswer;
import dev.ferry.exchange.ferry.proof.wire.ProofChallenge;
import dev.ferry.exchange.ferry.proof.wire.ProofFormatException;
import dev.ferry.exchange.ferry.proof.wire.ProofState;
import dev.ferry.exchange.ferry.proof.wire.ProofWire;
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

/** The challenging side: one stream per challenge; every path ends with the stream closed or reset. */
final class ProofClient {
    private final Host host;
    private final ScheduledExecutorService timer;

    ProofClient(Host host, ScheduledExecutorService timer) {
        this.host = host;
        this.timer = timer;
    }

    ProofAnswer challenge(PeerId peer, ProofChallenge challenge, Duration timeout) throws IOException {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(timeout, "timeout");
        if (!timeout.isPositive()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        NegotiatedStream s;
        try {
            // not lazily: a peer without the protocol (an older ferry) is told apart from a broken one
            s = host.newStream(peer, ProofService.PROTOCOL_ID);
        } catch (ProtocolNotSupportedException e) {
            throw new ProofProtocolException("peer " + peer + " does not speak " + ProofService.PROTOCOL_ID, e);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                expired.set(true);
                Thread.ofVirtual().name("ferry-proof-timeout").start(s::reset);
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            s.reset();
            throw new IOException("the proof service is closed");
        }
        try {
            ProofWire.writeChallenge(s.out(), challenge);
            s.out().flush();
            s.closeWrite();
            ProofAnswer answer = ProofWire.readAnswer(s.in());
            if (answer == null) {
                throw new EOFException("peer " + peer + " closed the proof stream without an answer");
            }
            if (answer.state() == ProofState.PROOF && answer.blocks().size() != challenge.blocks().size()) {
                throw new ProofFormatException("proof of " + answer.blocks().size() + " blocks for a challenge of "
                        + challenge.blocks().size());
            }
            deadline.cancel(false);
            closeQuietly(s);
            return answer;
        } catch (ProofFormatException e) {
            s.reset();
            if (expired.get()) {
                throw timedOut(peer, timeout);
            }
            throw new ProofFormatException("malformed proof answer from " + peer + ": " + e.getMessage(), e);
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
        return new SocketTimeoutException("no proof answer from " + peer + " within " + timeout.toMillis() + " ms");
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
