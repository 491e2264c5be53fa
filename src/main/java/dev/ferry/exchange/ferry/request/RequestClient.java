package dev.ferry.exchange.ferry.request;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.request.wire.RequestFormatException;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.ResponseFrame;
import dev.ferry.exchange.ferry.request.wire.WireRequest;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.InvalidBlockException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The requesting side. The answer's blocks must arrive exactly in the order {@link DagCursor} computes from the
 * blocks already received, so each one is checked against the one CID expected next: its prefix must match, its bytes
 * must hash to it ({@link Block#of}), and nothing outside the DAG can be slipped in. Only verified blocks are stored.
 */
final class RequestClient {
    private final Host host;
    private final Did self;
    private final RequestConfig config;
    private final ScheduledExecutorService timer;
    private final DagLinks links;
    private final java.util.concurrent.atomic.AtomicLong requestsSent = new java.util.concurrent.atomic.AtomicLong();

    RequestClient(Host host, RequestConfig config, ScheduledExecutorService timer, DagLinks links) {
        this.links = links;
        this.host = host;
        this.self = PeerDids.didOf(host.peerId()).orElse(null); // RSA/ECDSA hosts cannot request
        this.config = config;
        this.timer = timer;
    }

    /** A protocol violation by the server: the transfer failed (no refusal reason). */
    private static FerryRequestException broken(Cid root, String message) {
        return new FerryRequestException(root, null, message);
    }

    long fetch(PeerId peer, Cid root, List<Source> preferred, int ttl, Blockstore into, Duration idle) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(into, "into");
        Objects.requireNonNull(idle, "idle");
        if (ttl < 0) {
            throw new IllegalArgumentException("ttl < 0");
        }
        if (preferred.isEmpty() || EnumSet.copyOf(preferred).size() != preferred.size()) {
            throw new IllegalArgumentException("preferred sources must be non-empty and distinct: " + preferred);
        }
        if (!idle.isPositive()) {
            throw new IllegalArgumentException("idle must be > 0");
        }
        if (self == null) {
            throw new FerryRequestException(root, null, "this node's key has no did:key: it cannot send requests");
        }
        Block.checkHashFunction(root); // no answer could be taken: refused before asking
        NegotiatedStream s;
        try {
            // lazily: the request goes out right behind the proposal, a round trip earlier (requests go to ferry
            // peers, which serve this protocol; a refusal fails the first read like any broken answer)
            s = host.newStreamLazily(peer, FerryRequestService.PROTOCOL_ID);
        } catch (IOException e) {
            throw new FerryRequestException(root, null, "cannot open a request stream to " + peer + ": " + e);
        }
        try (Watchdog w = Watchdog.start(timer, idle, s::reset)) {
            RequestWire.writeFrame(s.out(), RequestWire.encodeRequest(
                    new WireRequest(root, self.toString(), preferred, ttl)));
            s.out().flush();
            requestsSent.incrementAndGet();
            s.closeWrite();
            long n = receive(s.in(), root, into, w);
            s.close();
            return n;
        } catch (FerryRequestException e) {
            s.reset();
            throw e;
        } catch (RequestFormatException e) {
            s.reset();
            throw broken(root, "malformed answer from " + peer + ": " + e.getMessage());
        } catch (IOException e) {
            s.reset();
            throw broken(root, "request to " + peer + " failed: " + e);
        } catch (RuntimeException e) {
            // the store refused a block or the caller stopped the transfer: the stream must not linger
            s.reset();
            throw e;
        }
    }

    /** Requests written to a stream since start. */
    long requestsSent() {
        return requestsSent.get();
    }

    /** Consecutive Wait frames accepted: an hour of proxy fetching at the server's 5 s pace. */
    static final int MAX_WAITS = 720;

    private long receive(InputStream in, Cid root, Blockstore into, Watchdog w) throws IOException {
        int waits = 0;
        ResponseFrame first = next(in, root);
        while (first instanceof ResponseFrame.Wait) {
            if (++waits > MAX_WAITS) {
                throw broken(root, "the server kept us waiting too long");
            }
            w.touch();
            first = next(in, root);
        }
        if (!(first instanceof ResponseFrame.Header h)) {
            throw broken(root, "answer does not start with a header");
        }
        if (h.status() != 0) {
            throw new FerryRequestException(root, reason(h.status()), h.message());
        }
        w.touch();
        DagCursor cursor = new DagCursor(root, links);
        long blocks = 0;
        long bytes = 0;
        while (true) {
            ResponseFrame f = next(in, root);
            w.touch();
            if (f instanceof ResponseFrame.Wait) {
                if (++waits > MAX_WAITS) {
                    throw broken(root, "the server kept us waiting too long");
                }
                continue;
            }
            waits = 0;
            switch (f) {
                case ResponseFrame.Wait x -> throw new AssertionError("handled above");
                case ResponseFrame.Header x -> throw broken(root, "a second header");
                case ResponseFrame.BlockFrame b -> {
                    Cid want = expected(cursor, into);
                    if (want == null) {
                        throw broken(root, "a block after the whole DAG was received");
                    }
                    if (!b.prefix().matches(want)) {
                        throw broken(root, "a block that is not the next one of the DAG (" + want + ")");
                    }
                    Block block;
                    try {
                        block = Block.of(want, b.data());
                    } catch (InvalidBlockException e) {
                        // bytes of other content, or a link whose hash function IPFS refuses
                        throw broken(root, b.prefix().rebuildable() ? "block data does not match " + want
                                : e.getMessage());
                    }
                    if (blocks + 1 > config.maxAnswerBlocks() || bytes + block.size() > config.maxAnswerBytes()) {
                        throw broken(root, "answer exceeds our caps after " + blocks + " blocks");
                    }
                    into.putReceived(block);
                    blocks++;
                    bytes += block.size();
                    cursor.visited(block);
                }
                case ResponseFrame.End e -> {
                    if (e.status() != 0) {
                        throw new FerryRequestException(root, reason(e.status()),
                                e.message() + " (" + blocks + " blocks received and kept)");
                    }
                    if (expected(cursor, into) != null) {
                        throw broken(root, "answer ended before the whole DAG");
                    }
                    if (e.blocks() != blocks) {
                        throw broken(root, "end frame counts " + e.blocks() + " blocks, " + blocks + " received");
                    }
                    if (in.read() >= 0) {
                        throw broken(root, "data after the end frame");
                    }
                    return blocks;
                }
            }
        }
    }

    /** The next CID the server must send; identity CIDs carry their block and are walked here. */
    private Cid expected(DagCursor cursor, Blockstore into) {
        for (Cid c = cursor.next(); c != null; c = cursor.next()) {
            if (!c.isIdentity()) {
                return c;
            }
            Optional<Block> b = into.get(c);
            b.ifPresent(cursor::visited);
        }
        return null;
    }

    private static ResponseFrame next(InputStream in, Cid root) throws IOException {
        byte[] body = RequestWire.readFrame(in, RequestWire.MAX_FRAME_BYTES);
        if (body == null) {
            throw broken(root, "answer ended without an end frame");
        }
        return RequestWire.decodeFrame(body);
    }

    private static RefusalReason reason(int code) {
        try {
            return RefusalReason.ofCode(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
