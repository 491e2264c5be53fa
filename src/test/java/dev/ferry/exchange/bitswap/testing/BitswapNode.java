package dev.ferry.exchange.bitswap.testing;

import dev.ferry.dag.unixfs.ImportOptions;
import dev.ferry.dag.unixfs.UnixfsExporter;
import dev.ferry.dag.unixfs.UnixfsImporter;
import dev.ferry.dag.walk.Links;
import dev.ferry.exchange.bitswap.Bitswap;
import dev.ferry.exchange.bitswap.BitswapConfig;
import dev.ferry.exchange.bitswap.server.RequestGate;
import dev.ferry.multiformats.Cid;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.host.TestHosts;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.store.MemoryBlockstore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A loopback host with a memory store and Bitswap, for transfer tests. */
public final class BitswapNode implements AutoCloseable {
    public final Host host;
    public final MemoryBlockstore store = new MemoryBlockstore();
    public final Bitswap bitswap;

    public BitswapNode(TestHosts hosts, BitswapConfig config) throws IOException {
        this.host = hosts.start(HostConfig.defaults());
        this.bitswap = Bitswap.start(host, store, Links::of, RequestGate.ALLOW_ALL, config);
        IdentifyService.install(host); // js peers only talk Bitswap to peers whose identify lists it
    }

    public void connect(BitswapNode other) throws IOException {
        host.connect(TestHosts.dialable(other.host));
    }

    public Cid add(byte[] content, ImportOptions options) throws IOException {
        return new UnixfsImporter(store, options).importStream(new ByteArrayInputStream(content), "f").cid();
    }

    public byte[] sha256Of(Cid file) throws IOException {
        try (InputStream in = new UnixfsExporter(store).cat(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        bitswap.close();
        host.close();
    }
}
