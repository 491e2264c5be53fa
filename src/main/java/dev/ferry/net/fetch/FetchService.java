package dev.ferry.net.fetch;

import dev.ferry.identity.PeerId;
import dev.ferry.net.fetch.wire.FetchCodec;
import dev.ferry.net.fetch.wire.FetchResponse;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.net.host.StreamDeadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p fetch protocol ({@code /libp2p/fetch/0.0.1}): a peer asks for the value of a key and gets it, or
 * NOT_FOUND, or an ERROR (no lookup for the key's prefix). Lookups are registered by key prefix ({@code /ipns/}).
 * A request that takes longer than {@link #TIMEOUT} (or the host's shorter
 * {@link dev.ferry.net.host.HostConfig#streamIdleTimeout()}) is reset, on either side. Thread-safe.
 */
public final class FetchService implements AutoCloseable {
    public static final String PROTOCOL_ID = "/libp2p/fetch/0.0.1";
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(FetchService.class);

    private final Host host;
    private final Map<String, Function<byte[], Optional<byte[]>>> lookups = new ConcurrentHashMap<>();

    private FetchService(Host host) {
        this.host = host;
    }

    /** Answers fetch requests on {@code host}. */
    public static FetchService install(Host host) {
        FetchService s = new FetchService(host);
        host.setHandler(PROTOCOL_ID, s::serve);
        return s;
    }

    /** Answers keys starting with {@code prefix} (bytes of its ASCII text) with {@code lookup}. */
    public void register(String prefix, Function<byte[], Optional<byte[]>> lookup) {
        lookups.put(prefix, lookup);
    }

    private void serve(NegotiatedStream s) throws IOException {
        Duration limit = host.config().streamIdleTimeout().compareTo(TIMEOUT) < 0
                ? host.config().streamIdleTimeout() : TIMEOUT;
        try (StreamDeadline d = StreamDeadline.start(limit, s::reset)) {
            answer(s);
        }
    }

    private void answer(NegotiatedStream s) throws IOException {
        byte[] key;
        try {
            key = FetchCodec.readRequest(s.in());
        } catch (IOException e) {
            log.debug("a bad fetch request from {}: {}", s.remotePeer(), e.getMessage());
            s.reset();
            return;
        }
        if (key == null) {
            return;
        }
        FetchResponse r;
        Function<byte[], Optional<byte[]>> lookup = lookupFor(key);
        if (lookup == null) {
            r = new FetchResponse(FetchResponse.Status.ERROR,
                    "No lookup function registered for key".getBytes(StandardCharsets.UTF_8));
        } else {
            Optional<byte[]> v;
            try {
                v = lookup.apply(key);
            } catch (RuntimeException e) {
                log.debug("fetch lookup failed: {}", e.toString());
                v = null;
            }
            r = v == null ? new FetchResponse(FetchResponse.Status.ERROR, "lookup failed".getBytes(StandardCharsets.UTF_8))
                    : v.map(d -> new FetchResponse(FetchResponse.Status.OK, d))
                            .orElseGet(() -> new FetchResponse(FetchResponse.Status.NOT_FOUND, new byte[0]));
        }
        FetchCodec.writeResponse(s.out(), r);
        s.closeWrite();
    }

    private Function<byte[], Optional<byte[]>> lookupFor(byte[] key) {
        for (Map.Entry<String, Function<byte[], Optional<byte[]>>> e : lookups.entrySet()) {
            byte[] p = e.getKey().getBytes(StandardCharsets.US_ASCII);
            if (key.length >= p.length && Arrays.equals(key, 0, p.length, p, 0, p.length)) {
                return e.getValue();
            }
        }
        return null;
    }

    /**
     * Asks {@code peer} for the value of {@code key}: present when it has one, empty on NOT_FOUND.
     *
     * @throws IOException when the peer cannot be reached, answers ERROR, breaks the protocol or takes too long
     */
    public Optional<byte[]> fetch(PeerId peer, byte[] key) throws IOException {
        try (NegotiatedStream s = host.newStream(peer, PROTOCOL_ID)) {
            Thread watchdog = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(TIMEOUT);
                    s.reset();
                } catch (InterruptedException | RuntimeException e) {
                    // answered in time
                }
            });
            try {
                FetchCodec.writeRequest(s.out(), key);
                s.closeWrite();
                FetchResponse r = FetchCodec.readResponse(s.in());
                if (r == null) {
                    throw new IOException("the peer closed the stream without an answer");
                }
                return switch (r.status()) {
                    case OK -> Optional.of(r.data());
                    case NOT_FOUND -> Optional.empty();
                    case ERROR -> throw new IOException("the peer answered an error: "
                            + new String(r.data(), StandardCharsets.UTF_8));
                };
            } finally {
                watchdog.interrupt();
            }
        }
    }

    @Override
    public void close() {
        host.removeHandler(PROTOCOL_ID);
    }
}
