package dev.ferry.net.security.tls;

import dev.ferry.identity.PeerId;
import dev.ferry.identity.PublicKey;
import dev.ferry.net.security.SecuredStream;
import dev.ferry.net.transport.DuplexStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A connection secured by libp2p TLS 1.3. Reading and writing may happen concurrently; writes are gathered until
 * {@code flush()}, a full record, {@code closeWrite()} or {@code close()}. {@link #closeWrite()} sends close_notify and
 * half-closes the raw stream (TLS 1.3 lets the other direction go on). Any TLS failure closes the raw stream and is
 * sticky.
 */
public final class TlsSession implements SecuredStream {
    private final DuplexStream raw;
    private final TlsChannel channel;
    private final PeerId localPeer;
    private final PeerId remotePeer;
    private final PublicKey remoteKey;
    private final String earlyMuxer;

    TlsSession(DuplexStream raw, TlsChannel channel, PeerId localPeer, PublicKey remoteKey, String earlyMuxer) {
        this.raw = raw;
        this.channel = channel;
        this.localPeer = localPeer;
        this.remoteKey = remoteKey;
        this.remotePeer = PeerId.fromPublicKey(remoteKey);
        this.earlyMuxer = earlyMuxer;
    }

    @Override
    public PeerId localPeer() {
        return localPeer;
    }

    @Override
    public PeerId remotePeer() {
        return remotePeer;
    }

    @Override
    public PublicKey remotePublicKey() {
        return remoteKey;
    }

    /** The muxer ALPN agreed on, when the peers agreed on one rather than on {@code "libp2p"}. */
    @Override
    public Optional<String> earlyMuxer() {
        return Optional.ofNullable(earlyMuxer);
    }

    /** The TLS cipher suite in use, e.g. {@code TLS_AES_128_GCM_SHA256}. */
    public String cipherSuite() {
        return channel.engine().getSession().getCipherSuite();
    }

    @Override
    public InputStream in() {
        return channel.in();
    }

    @Override
    public OutputStream out() {
        return channel.out();
    }

    @Override
    public void closeWrite() throws IOException {
        channel.closeWrite();
    }

    @Override
    public void reset() {
        channel.reset();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String remoteAddress() {
        return raw.remoteAddress();
    }

    @Override
    public String localAddress() {
        return raw.localAddress();
    }
}
