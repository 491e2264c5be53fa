import dev.ferry.identity.Identity;
import dev.ferry.identity.PeerId;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.HostConfig;
import dev.ferry.net.mux.yamux.YamuxMuxer;
import dev.ferry.net.mux.yamux.YamuxSession;
import dev.ferry.net.mux.yamux.YamuxStream;
import dev.ferry.net.multistream.Multistream;
import dev.ferry.net.security.noise.NoiseConfig;
import dev.ferry.net.security.noise.NoiseSecurity;
import dev.ferry.net.security.noise.NoiseSession;
import dev.ferry.net.transport.TcpConnection;
import dev.ferry.net.transport.TcpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Connection set-up time, ferry → ferry host on 127.0.0.1, with and without the muxer agreed inside the Noise
 * handshake ({@code java -cp target/ferry.jar bench/src/ConnectBench.java [N] [ONE_WAY_DELAY_MS]}).
 *
 * <p>The listener is a ferry {@link Host}, which always lists {@code /yamux/1.0.0} in its Noise payload. The dialer
 * runs the host's upgrade by hand so that only one thing differs between the two cases: its Noise payload lists
 * {@code /yamux/1.0.0} (early: the muxer starts right after the handshake) or nothing (round: one multistream
 * round for the muxer follows). Each sample: TCP connect → multistream {@code /noise} → Noise XX → [muxer round] →
 * Yamux → the first stream negotiated and one byte echoed, i.e. until the connection has carried a first answer.
 * The cases alternate; N samples each after N/4 warm-up ones. With ONE_WAY_DELAY_MS, the bytes pass through a relay
 * here that holds each chunk that long in each direction (a network round trip of twice that).
 */
public final class ConnectBench {
    static final String ECHO = "/ferry/bench/echo/1.0.0";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 0;
        SecureRandom random = new SecureRandom();
        Host listener = new Host(Identity.generate(random), HostConfig.defaults());
        listener.setHandler(ECHO, s -> {
            s.out().write(s.in().read());
            s.out().flush();
            s.closeWrite();
        });
        listener.start(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")));
        Multiaddr target = listener.listenAddresses().getFirst();
        if (delayMs > 0) {
            target = delayingRelay(target, delayMs);
        }
        Identity me = Identity.generate(random);
        NoiseSecurity early = new NoiseSecurity(me,
                NoiseConfig.defaults().withStreamMuxers(List.of(YamuxMuxer.PROTOCOL_ID)), random);
        NoiseSecurity round = new NoiseSecurity(me, NoiseConfig.defaults(), random);
        TcpTransport tcp = new TcpTransport();
        YamuxMuxer yamux = new YamuxMuxer();
        PeerId peer = listener.peerId();
        for (int i = 0; i < Math.max(1, n / 4); i++) {
            once(tcp, target, early, peer, yamux, true);
            once(tcp, target, round, peer, yamux, false);
        }
        long[] withEarly = new long[n];
        long[] withRound = new long[n];
        for (int i = 0; i < n; i++) {
            withEarly[i] = once(tcp, target, early, peer, yamux, true);
            withRound[i] = once(tcp, target, round, peer, yamux, false);
        }
        System.out.printf(Locale.ROOT, "samples %d each, one-way delay %d ms%n", n, delayMs);
        report("early muxer (Noise extensions)", withEarly);
        report("multistream round for the muxer", withRound);
        System.out.printf(Locale.ROOT, "median saving %.3f ms (%.1f %%)%n",
                (median(withRound) - median(withEarly)) / 1e6,
                100.0 * (median(withRound) - median(withEarly)) / median(withRound));
        listener.close();
        System.exit(0);
    }

    static long once(TcpTransport tcp, Multiaddr target, NoiseSecurity noise, PeerId peer, YamuxMuxer yamux,
            boolean expectEarly) throws IOException {
        long t0 = System.nanoTime();
        TcpConnection raw = tcp.dial(target);
        Multistream.select(raw, List.of(NoiseSecurity.PROTOCOL_ID));
        NoiseSession secured = noise.secureOutbound(raw, peer);
        if (secured.earlyMuxer().isPresent() != expectEarly) {
            throw new IllegalStateException("early muxer " + secured.earlyMuxer() + ", expected " + expectEarly);
        }
        if (!expectEarly) {
            Multistream.select(secured, List.of(YamuxMuxer.PROTOCOL_ID));
        }
        YamuxSession session = yamux.start(secured, true, null);
        try {
            YamuxStream s = session.openStream();
            Multistream.select(s, List.of(ECHO));
            s.out().write(42);
            s.out().flush();
            if (s.in().read() != 42) {
                throw new IllegalStateException("no echo");
            }
            return System.nanoTime() - t0;
        } finally {
            session.close();
        }
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static void report(String name, long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-34s median %.3f ms  mean %.3f ms  p10 %.3f ms  p90 %.3f ms%n", name,
                s[s.length / 2] / 1e6, mean / 1e6, s[s.length / 10] / 1e6, s[s.length * 9 / 10] / 1e6);
    }

    /** A loopback relay that holds every chunk {@code delayMs} before passing it on, in each direction. */
    static Multiaddr delayingRelay(Multiaddr target, long delayMs) throws IOException {
        int port = Integer.parseInt(target.valueOf("tcp").orElseThrow());
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    Socket front = server.accept();
                    Socket back = new Socket(InetAddress.getLoopbackAddress(), port);
                    front.setTcpNoDelay(true);
                    back.setTcpNoDelay(true);
                    delayed(front.getInputStream(), back.getOutputStream(), delayMs, back);
                    delayed(back.getInputStream(), front.getOutputStream(), delayMs, front);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort());
    }

    private record Chunk(long due, byte[] bytes) {}

    private static void delayed(InputStream in, OutputStream out, long delayMs, Socket outSocket) {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[64 * 1024];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    queue.add(new Chunk(System.nanoTime() + delayMs * 1_000_000, Arrays.copyOf(buf, n)));
                }
            } catch (IOException ignored) {
                // the connection ended
            }
            queue.add(new Chunk(System.nanoTime() + delayMs * 1_000_000, null));
        });
        Thread.ofVirtual().start(() -> {
            try (outSocket) {
                while (true) {
                    Chunk c = queue.take();
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (c.bytes() == null) {
                        return;
                    }
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // the connection ended
            }
        });
    }
}
