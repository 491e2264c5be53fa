package dev.ferry.net.multistream;

import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * multistream-select 1.0: agree on one protocol id over a fresh {@link DuplexStream}, then hand the stream over.
 *
 * <p>Both methods block the calling thread (run them on a virtual thread), write each step in one write followed by
 * a flush, and read byte-exactly: when they return, every byte the peer sent after the negotiation (pipelined
 * application data) is still unread in {@code stream.in()}.
 */
public final class Multistream {
    /** The protocol id of multistream-select itself; also its header. */
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    /** The listener's refusal. */
    public static final String NA = "na";
    /** The dialer's request for the listener's protocols. */
    public static final String LS = "ls";
    /** How many proposals (and {@code ls} requests) a listener answers before giving up. */
    public static final int MAX_PROPOSALS = 32;

    private Multistream() {}

    /**
     * Dialer role: proposes {@code protocols} in order and returns the first one the listener accepts. The header
     * and the first proposal are sent together.
     *
     * @throws ProtocolNotSupportedException the listener refused every proposal
     * @throws MultistreamException the listener broke the protocol or the stream ended
     * @throws IllegalArgumentException empty list, or an entry that is not a valid protocol id
     */
    public static String select(DuplexStream stream, List<String> protocols) throws IOException {
        return select(stream.in(), stream.out(), protocols);
    }

    /** {@link #select(DuplexStream, List)} over a separate input and output. */
    public static String select(InputStream in, OutputStream out, List<String> protocols) throws IOException {
        if (protocols.isEmpty() || protocols.size() > MAX_PROPOSALS) {
            throw new IllegalArgumentException("need 1.." + MAX_PROPOSALS + " protocols, got " + protocols.size());
        }
        for (String p : protocols) {
            checkProtocolId(p);
        }
        send(out, MultistreamCodec.encodeAll(PROTOCOL_ID, protocols.getFirst()));
        expectHeader(in);
        for (int i = 0; ; ) {
            String proposed = protocols.get(i);
            String answer = MultistreamCodec.read(in);
            if (answer.equals(proposed)) {
                return proposed;
            }
            if (!answer.equals(NA)) {
                throw new MultistreamException("listener answered '" + shorten(answer) + "' to '" + proposed + "'");
            }
            if (++i == protocols.size()) {
                throw new ProtocolNotSupportedException(protocols);
            }
            send(out, MultistreamCodec.encode(protocols.get(i)));
        }
    }

    /**
     * Dialer role, lazily: sends the header and the one proposal and returns at once, so that the caller's first
     * message travels right behind them instead of a round trip later. The listener's answer is read by the first
     * read of the returned stream ({@link LazilySelectedStream}): on {@code na} that read (and every later one)
     * throws {@link ProtocolNotSupportedException}, and what the caller wrote meanwhile was lost on a listener that
     * wanted something else. So only for a protocol the peer is known to serve.
     *
     * @return the stream to use from now on (never {@code stream} itself)
     * @throws IllegalArgumentException {@code protocol} is not a valid protocol id
     */
    public static LazilySelectedStream selectLazily(DuplexStream stream, String protocol) throws IOException {
        checkProtocolId(protocol);
        send(stream.out(), MultistreamCodec.encodeAll(PROTOCOL_ID, protocol));
        return new LazilySelectedStream(stream, protocol);
    }

    /**
     * Dialer role: asks the listener for its protocols with {@code ls}. The stream stays in the negotiation
     * afterwards; a {@link #select} on it would send the header again, so use a fresh stream for that.
     */
    public static List<String> list(DuplexStream stream) throws IOException {
        send(stream.out(), MultistreamCodec.encodeAll(PROTOCOL_ID, LS));
        expectHeader(stream.in());
        return MultistreamCodec.readList(stream.in());
    }

    /** Listener role for a fixed set of protocols ({@code ls} lists the set). */
    public static String handle(DuplexStream stream, Set<String> protocols) throws IOException {
        Set<String> copy = Set.copyOf(protocols);
        return handle(stream, copy::contains, () -> copy);
    }

    /** Listener role where {@code accepts} decides; {@code ls} answers with an empty list. */
    public static String handle(DuplexStream stream, Predicate<String> accepts) throws IOException {
        return handle(stream, accepts, List::of);
    }

    /**
     * Listener role: sends the header at once, then answers proposals until {@code accepts} takes one, which is
     * echoed and returned. {@code ls} is answered with {@code listing.get()}. Gives up after
     * {@link #MAX_PROPOSALS} refusals and listings.
     *
     * @throws MultistreamException the dialer broke the protocol, gave up, or proposed too often
     */
    public static String handle(DuplexStream stream, Predicate<String> accepts,
            Supplier<? extends Collection<String>> listing) throws IOException {
        return handle(stream.in(), stream.out(), accepts, listing);
    }

    /** {@link #handle(DuplexStream, Predicate, Supplier)} over a separate input and output. */
    public static String handle(InputStream in, OutputStream out, Predicate<String> accepts,
            Supplier<? extends Collection<String>> listing) throws IOException {
        Objects.requireNonNull(accepts);
        Objects.requireNonNull(listing);
        // the header may cross the dialer's: send ours without waiting
        send(out, MultistreamCodec.encode(PROTOCOL_ID));
        expectHeader(in);
        for (int answered = 0; answered < MAX_PROPOSALS; answered++) {
            String msg = MultistreamCodec.read(in);
            if (msg.equals(LS)) {
                send(out, MultistreamCodec.encodeList(listing.get()));
            } else if (!msg.equals(NA) && !msg.equals(PROTOCOL_ID) && accepts.test(msg)) {
                send(out, MultistreamCodec.encode(msg));
                return msg;
            } else {
                send(out, MultistreamCodec.encode(NA));
            }
        }
        throw new MultistreamException("dialer made more than " + MAX_PROPOSALS + " proposals");
    }

    /** Throws IllegalArgumentException unless {@code id} can be sent as a proposal. */
    public static void checkProtocolId(String id) {
        if (id.isEmpty() || id.equals(NA) || id.equals(LS) || id.equals(PROTOCOL_ID)) {
            throw new IllegalArgumentException("not a protocol id: '" + id + "'");
        }
        MultistreamCodec.encode(id); // length and newline checks
    }

    static void expectHeader(InputStream in) throws IOException {
        String header = MultistreamCodec.read(in);
        if (!header.equals(PROTOCOL_ID)) {
            throw new MultistreamException("expected " + PROTOCOL_ID + ", got '" + shorten(header) + "'");
        }
    }

    private static void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
