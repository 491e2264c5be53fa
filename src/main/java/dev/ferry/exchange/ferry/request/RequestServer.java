package dev.ferry.exchange.ferry.request;

import dev.ferry.exchange.ferry.PeerDids;
import dev.ferry.exchange.ferry.TrustLevels;
import dev.ferry.exchange.ferry.request.wire.RequestFormatException;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.ResponseFrame;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.ferry.request.wire.WireRequest;
import dev.ferry.identity.Did;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.NegotiatedStream;
import dev.ferry.store.Block;
import dev.ferry.store.Blockstore;
import dev.ferry.store.StoreException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The serving side: one call of {@link #serve} per inbound stream, on the stream's virtual thread. */
final class RequestServer {
    private static final Logger log = LoggerFactory.getLogger(RequestServer.class);

    private final Blockstore local;
    private final TrustLevels trust;
    private final ServePolicy policy;
    private final ProxyUpstream upstream;
    private final RequestConfig config;
    private final RequestAdmission admission;
    private final ScheduledExecutorService timer;
    private final DagLinks links;

    final AtomicLong served = new AtomicLong();
    final AtomicLong proxied = new AtomicLong();
    final AtomicLong blocksSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLongArray refused = new AtomicLongArray(RefusalReason.values().length);

    RequestServer(Blockstore local, TrustLevels trust, ServePolicy policy, ProxyUpstream upstream,
            RequestConfig config, RequestAdmission admission, ScheduledExecutorService timer, DagLinks links) {
        this.links = links;
        this.local = local;
        this.trust = trust;
        this.policy = policy;
        this.upstream = upstream;
        this.config = config;
        this.admission = admission;
        this.timer = timer;
    }

    /** A refusal decided before any block was sent. */
    private static final class Refusal extends Exception {
        final RefusalReason reason;

        Refusal(RefusalReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    void serve(NegotiatedStream s) {
        PeerId peer = s.remotePeer();
        String busy = admission.tryEnter(peer);
        if (busy != null) {
            refuse(s, peer, RefusalReason.BUSY, busy);
            return;
        }
        try (Watchdog w = Watchdog.start(timer, config.idleTimeout(), s::reset)) {
            answer(s, peer, w);
        } finally {
            admission.leave(peer);
        }
    }

    private void answer(NegotiatedStream s, PeerId peer, Watchdog w) {
        WireRequest req;
        try {
            byte[] body = RequestWire.readFrame(s.in(), RequestWire.MAX_REQUEST_BYTES);
            if (body == null) {
                s.reset();
                return;
            }
            req = RequestWire.decodeRequest(body);
        } catch (RequestFormatException e) {
            refuse(s, peer, RefusalReason.BAD_REQUEST, e.getMessage());
            return;
        } catch (IOException e) {
            log.debug("request stream from {} failed: {}", peer, e.toString());
            s.reset();
            return;
        }
        Did requester;
        List<Source> proxies;
        OutputStream out = new BufferedOutputStream(s.out(), 64 * 1024);
        try {
            requester = authorise(s, req);
            proxies = proxySources(req, requester);
            prepare(req, proxies, out, w);
        } catch (Refusal r) {
            refuse(s, peer, r.reason, r.getMessage());
            return;
        }
        try {
            stream(s, out, peer, req, requester, proxies, w);
        } catch (IOException | RuntimeException e) {
            log.debug("answer to {} for {} broke: {}", peer, req.root(), e.toString());
            s.reset();
        }
    }

    /** The requester must be the DID the connection proved; ttl and sources within the rules; the root allowed. */
    private Did authorise(NegotiatedStream s, WireRequest req) throws Refusal {
        Did claimed;
        try {
            claimed = Did.parse(req.requester());
        } catch (RuntimeException e) {
            throw new Refusal(RefusalReason.BAD_REQUEST, "requester is not a did:key");
        }
        Optional<Did> proven = PeerDids.didOf(s.connection());
        if (proven.isEmpty() || !proven.get().equals(claimed)) {
            throw new Refusal(RefusalReason.NOT_ALLOWED, "requester " + claimed + " is not the connection's DID");
        }
        if (req.ttl() > config.maxTtl()) {
            throw new Refusal(RefusalReason.BAD_REQUEST, "ttl " + req.ttl() + " above the maximum " + config.maxTtl());
        }
        if (req.sources().isEmpty()) {
            throw new Refusal(RefusalReason.BAD_REQUEST, "no source allowed");
        }
        if (!policy.mayServe(claimed, req.root())) {
            throw new Refusal(RefusalReason.NOT_ALLOWED, "not served to " + claimed);
        }
        return claimed;
    }

    /**
     * The upstream sources this request may use, in the requester's order; refuses with the first reason a wanted
     * proxy source was denied when there is neither such a source nor the root here.
     */
    private List<Source> proxySources(WireRequest req, Did requester) throws Refusal {
        List<Source> out = new ArrayList<>();
        Refusal denied = null;
        for (Source src : req.sources()) {
            if (src == Source.PEER || !upstream.offers(src)) {
                continue;
            }
            if (req.ttl() == 0) {
                denied = denied != null ? denied : new Refusal(RefusalReason.TTL_EXHAUSTED, "ttl 0: not forwarded");
            } else if (trust.levelOf(requester) < config.proxyTrust()) {
                denied = denied != null ? denied
                        : new Refusal(RefusalReason.NOT_ALLOWED, "requester not trusted to proxy");
            } else {
                out.add(src);
            }
        }
        boolean here = req.sources().contains(Source.PEER) && has(req.root());
        if (!here && out.isEmpty()) {
            throw denied != null ? denied : new Refusal(RefusalReason.NOT_FOUND, "not here: " + req.root());
        }
        return out;
    }

    /** Makes the root available before the header: from here, or by a proxy fetch. */
    private void prepare(WireRequest req, List<Source> proxies, OutputStream out, Watchdog w) throws Refusal {
        if (req.sources().contains(Source.PEER) && has(req.root())) {
            return;
        }
        if (fill(req.root(), proxies, req.ttl(), out, w).isEmpty()) {
            throw new Refusal(RefusalReason.NOT_FOUND, "no source delivered " + req.root());
        }
    }

    private boolean has(Cid cid) {
        try {
            return local.has(cid);
        } catch (StoreException e) {
            return false;
        }
    }

    /**
     * Fetches the DAG under {@code cid} into the local store through the proxy sources, in order, sending Wait frames
     * meanwhile so the requester does not time out.
     */
    private Optional<Block> fill(Cid cid, List<Source> proxies, long ttl, OutputStream out, Watchdog w) {
        if (proxies.isEmpty()) {
            return Optional.empty();
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread keepAlive = Thread.ofVirtual().name("ferry-request-wait").start(() -> keepAlive(out, w, done));
        try {
            return fillNow(cid, proxies, ttl);
        } finally {
            done.countDown();
            try {
                keepAlive.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void keepAlive(OutputStream out, Watchdog w, CountDownLatch done) {
        long interval = Math.max(1, Math.min(config.idleTimeout().toMillis() / 3, 5_000));
        byte[] wait = RequestWire.encodeFrame(new ResponseFrame.Wait());
        try {
            while (!done.await(interval, TimeUnit.MILLISECONDS)) {
                RequestWire.writeFrame(out, wait);
                out.flush();
                w.touch();
            }
        } catch (IOException e) {
            // the requester is gone: the answer fails at its next write
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<Block> fillNow(Cid cid, List<Source> proxies, long ttl) {
        for (Source src : proxies) {
            proxied.incrementAndGet();
            try {
                upstream.fetch(src, cid, local, config.idleTimeout(), (int) ttl - 1);
            } catch (RuntimeException e) {
                log.debug("proxy fetch of {} from {} failed: {}", cid, src, e.toString());
            }
            Optional<Block> b = get(cid);
            if (b.isPresent()) {
                return b;
            }
        }
        return Optional.empty();
    }

    private Optional<byte[]> bytesForPeer(Cid cid) {
        try {
            return local.bytesForPeer(cid);
        } catch (RuntimeException e) { // unreadable: as missing
            log.warn("stored block {} unreadable: {}", cid, e.toString());
            return Optional.empty();
        }
    }

    private Optional<Block> get(Cid cid) {
        try {
            return local.get(cid);
        } catch (RuntimeException e) { // corrupt or unreadable: as missing
            log.warn("stored block {} unreadable: {}", cid, e.toString());
            return Optional.empty();
        }
    }

    private void stream(NegotiatedStream s, OutputStream out, PeerId peer, WireRequest req, Did requester,
            List<Source> proxies, Watchdog w) throws IOException {
        // not flushed on its own: it leaves with the first block (or Wait frame), one write fewer per answer
        RequestWire.writeFrame(out, RequestWire.encodeFrame(new ResponseFrame.Header(0, "")));
        DagCursor cursor = new DagCursor(req.root(), links);
        long blocks = 0;
        long bytes = 0;
        RefusalReason stop = null;
        String why = "";
        for (Cid c = cursor.next(); c != null; c = cursor.next()) {
            // the stored bytes as they are: the requester hashes every block (see Blockstore.bytesForPeer)
            Optional<byte[]> b = bytesForPeer(c); // PEER absent: only what a proxy fetch just stored, or old copies
            if (b.isEmpty()) {
                b = fill(c, proxies, req.ttl(), out, w).map(Block::data);
            }
            if (b.isEmpty()) {
                stop = RefusalReason.NOT_FOUND;
                why = "block " + c + " not available";
                break;
            }
            byte[] data = b.get();
            if (!c.isIdentity()) { // an identity block travels inside its CID
                if (!policy.mayServe(requester, c)) {
                    stop = RefusalReason.NOT_ALLOWED;
                    why = "block " + c + " not served to " + requester;
                    break;
                }
                if (blocks + 1 > config.maxAnswerBlocks() || bytes + data.length > config.maxAnswerBytes()) {
                    stop = RefusalReason.BUSY;
                    why = "answer cap reached after " + blocks + " blocks";
                    break;
                }
                RequestWire.writeFrame(out, RequestWire.encodeFrame(
                        new ResponseFrame.BlockFrame(CidPrefix.of(c), data)));
                blocks++;
                bytes += data.length;
                blocksSent.incrementAndGet();
                bytesSent.addAndGet(data.length);
                w.touch();
            }
            cursor.visited(c, data);
        }
        // counted before the end frame goes out, as refusals are before theirs: a requester that has read the end
        // finds the answer in the server's counters
        if (stop == null) {
            served.incrementAndGet();
            log.debug("served {} ({} blocks) to {}", req.root(), blocks, peer);
        } else {
            refused.incrementAndGet(stop.ordinal());
            log.info("answer to {} for {} stopped: {}", peer, req.root(), why);
        }
        RequestWire.writeFrame(out, RequestWire.encodeFrame(
                new ResponseFrame.End(stop == null ? 0 : stop.code(), blocks, why)));
        out.flush();
        s.closeWrite();
    }

    /** Answers with a refusal header and closes; the requester learns why. */
    private void refuse(NegotiatedStream s, PeerId peer, RefusalReason reason, String message) {
        refused.incrementAndGet(reason.ordinal());
        log.info("request from {} refused ({}): {}", peer, reason, message);
        try {
            RequestWire.writeFrame(s.out(), RequestWire.encodeFrame(new ResponseFrame.Header(reason.code(),
                    message)));
            s.out().flush();
            s.closeWrite();
        } catch (IOException | RuntimeException e) {
            s.reset();
        }
    }
}
