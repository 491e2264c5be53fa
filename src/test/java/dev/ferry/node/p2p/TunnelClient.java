package dev.ferry.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A TCP client of a tunnel to an echo target. */
public final class TunnelClient {
    private TunnelClient() {}

    /** Sends {@code size} seeded bytes, shuts its output, reads the echo to EOF; returns the SHA-256 of each way. */
    public static byte[][] roundTrip(InetSocketAddress to, int size, long seed) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(to, 10_000);
            CompletableFuture<byte[]> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    MessageDigest d = MessageDigest.getInstance("SHA-256");
                    Random random = new Random(seed);
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[16 * 1024 + 7];
                    for (int left = size; left > 0; ) {
                        int n = Math.min(left, chunk.length);
                        random.nextBytes(chunk);
                        out.write(chunk, 0, n);
                        d.update(chunk, 0, n);
                        left -= n;
                    }
                    s.shutdownOutput(); // half-close: the answer must still come back
                    return d.digest();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            InputStream in = s.getInputStream();
            byte[] buf = new byte[32 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                d.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(size);
            return new byte[][] {sent.get(30, TimeUnit.SECONDS), d.digest()};
        }
    }

}
