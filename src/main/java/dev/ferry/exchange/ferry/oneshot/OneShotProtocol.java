package dev.ferry.exchange.ferry.oneshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * What one one-request-per-stream protocol adds to the shared mechanism: its frames, the answers the server makes on
 * its own, its exceptions and its words. Implementations are stateless and thread-safe.
 *
 * <p>The frame readers and writers throw the protocol's format exception (the one {@link #isMalformed} recognises)
 * for malformed or oversized input, other {@link IOException}s as the stream gives them.
 *
 * @param <Q> the request record
 * @param <A> the answer record
 */
public interface OneShotProtocol<Q, A> {
    /** The multistream protocol ID, e.g. {@code /ferry/pin/1.0.0}. */
    String id();

    OneShotWords words();

    /** Writes one framed request (no flush). */
    void writeRequest(OutputStream out, Q request) throws IOException;

    /** Reads one framed request; {@code null} at a clean end of stream before the first byte. */
    Q readRequest(InputStream in) throws IOException;

    /** Writes one framed answer (no flush). */
    void writeAnswer(OutputStream out, A answer) throws IOException;

    /** Reads one framed answer; {@code null} at a clean end of stream before the first byte. */
    A readAnswer(InputStream in) throws IOException;

    /** Whether {@code e} is this protocol's format exception (malformed input, not a failed stream). */
    boolean isMalformed(IOException e);

    /** This protocol's format exception; {@code cause} may be null. */
    IOException malformed(String message, Throwable cause);

    /** The exception for a peer that answered {@code na} to the protocol proposal. */
    IOException notSpoken(String message, Throwable cause);

    /** A BUSY answer: the peer's rate is spent, or every answer slot is taken. */
    A busy(String message);

    /** The answer to a malformed request, carrying the decoder's message (cut to fit if need be). */
    A badRequest(String decoderMessage);

    /** A REFUSED answer (a peer without a did:key). */
    A refused(String message);

    /** The generic answer when the handler throws, returns null or gives an answer that does not fit the request. */
    A handlerFailed();

    /**
     * Why {@code answer} cannot be the answer to {@code request}, if it cannot; checked on the handler's answer (which
     * is then replaced by {@link #handlerFailed}) and on an answer received (which is then malformed). By default
     * every well-formed answer fits.
     */
    default Optional<String> misfit(Q request, A answer) {
        return Optional.empty();
    }
}
