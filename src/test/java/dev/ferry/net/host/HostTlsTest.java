package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.identify.IdentifyService;
import dev.ferry.net.multistream.ProtocolNotSupportedException;
import dev.ferry.net.ping.PingService;
import dev.ferry.net.security.PeerMismatch;
import dev.ferry.net.security.tls.TlsPeerIdMismatchException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(90)
class HostTlsTest {
    static final HostConfig TLS_ONLY = config(SecurityPreference.of(SecurityTransport.TLS));
    static final HostConfig NOISE_ONLY = config(SecurityPreference.of(SecurityTransport.NOISE));
    final TestHosts hosts = new TestHosts();
    final List<AutoCloseable> open = new ArrayList<>();

    static HostConfig config(SecurityPreference s) {
        return HostConfig.defaults().withTransports(EnabledTransports.all().withSecurity(s));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        hosts.close();
    }

    @Test
    void tlsOnlyHostsPingIdentifyAndCarryManyStreams() throws Exception {
        Host a = hosts.start(TLS_ONLY);
        Host b = hosts.start(TLS_ONLY);
        PingService pa = PingService.install(a);
        PingService.install(b);
        IdentifyService ia = IdentifyService.install(a, "ferry/tls-a");
        IdentifyService.install(b, "ferry/tls-b");
        b.setHandler(HostTest.ECHO, HostTest::echo);

        a.connect(TestHosts.dialable(b));
        assertThat(pa.ping(b.peerId(), 3)).hasSize(3);
        assertThat(ia.awaitIdentified(b.peerId(), Duration.ofSeconds(10)).agentVersion()).isEqualTo("ferry/tls-b");

        List<CompletableFuture<Void>> streams = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int seed = i;
            streams.add(CompletableFuture.runAsync(() -> {
                try {
                    echoChecked(a, b, 64 * 1024 + seed * 1000, seed);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        echoChecked(a, b, 8 * 1024 * 1024, 99); // bulk
        assertThat(a.connectionManager().connections(b.peerId())).hasSize(1);
    }

    @Test
    void dialingTheWrongPeerOverTlsFailsAsAMismatch() throws Exception {
        Host a = hosts.start(TLS_ONLY);
        Host b = hosts.start(TLS_ONLY);
        Host c = hosts.start(TLS_ONLY);
        Multiaddr wrong = b.listenAddresses().getFirst().encapsulate("/p2p/" + c.peerId());
        assertThatThrownBy(() -> a.connect(wrong)).isInstanceOf(TlsPeerIdMismatchException.class)
                .isInstanceOf(PeerMismatch.class).hasMessageContaining(c.peerId().toString());
        assertThat(a.isConnected(b.peerId())).isFalse();
        assertThat(a.connect(TestHosts.dialable(b)).remotePeer()).isEqualTo(b.peerId());
    }

    @Test
    void tlsOnlyAndNoiseOnlyCannotConnectAndSaySo() throws Exception {
        Host tls = hosts.start(TLS_ONLY);
        Host noise = hosts.start(NOISE_ONLY);
        assertThatThrownBy(() -> tls.connect(TestHosts.dialable(noise)))
                .isInstanceOf(ProtocolNotSupportedException.class)
                .hasMessageContaining("none of the security protocols [/tls/1.0.0]");
        assertThatThrownBy(() -> noise.connect(TestHosts.dialable(tls)))
                .isInstanceOf(ProtocolNotSupportedException.class)
                .hasMessageContaining("none of the security protocols [/noise]");
        assertThat(tls.isConnected(noise.peerId())).isFalse();
    }

    @Test
    void theDialerProposesInItsOwnOrderAndTheListenerTakesEither() throws Exception {
        Host tlsFirst = hosts.start(config(SecurityPreference.of(SecurityTransport.TLS, SecurityTransport.NOISE)));
        Host noiseFirst = hosts.start(config(SecurityPreference.of(SecurityTransport.NOISE, SecurityTransport.TLS)));
        tlsFirst.setHandler(HostTest.ECHO, HostTest::echo);
        noiseFirst.setHandler(HostTest.ECHO, HostTest::echo);

        Relay toNoiseFirst = relay(noiseFirst);
        tlsFirst.connect(toNoiseFirst.address(noiseFirst));
        echoChecked(tlsFirst, noiseFirst, 100_000, 1);
        assertThat(toNoiseFirst.firstProposal()).isEqualTo("/tls/1.0.0");

        Relay toTlsFirst = relay(tlsFirst);
        Host third = hosts.start(); // ferry's default: Noise first
        third.connect(toTlsFirst.address(tlsFirst));
        assertThat(toTlsFirst.firstProposal()).isEqualTo("/noise");
        echoChecked(third, tlsFirst, 100_000, 2);
    }

    @Test
    void aDefaultHostFallsBackToTlsForATlsOnlyPeer() throws Exception {
        Host plain = hosts.start();
        Host tls = hosts.start(TLS_ONLY);
        tls.setHandler(HostTest.ECHO, HostTest::echo);
        plain.connect(TestHosts.dialable(tls));
        echoChecked(plain, tls, 10_000, 3);
    }

    static void echoChecked(Host from, Host to, int size, int seed) throws Exception {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        try (NegotiatedStream s = from.newStream(to.peerId(), HostTest.ECHO)) {
            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.in().readAllBytes();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            s.out().write(data);
            s.closeWrite();
            byte[] got = back.get(60, TimeUnit.SECONDS);
            assertThat(MessageDigest.getInstance("SHA-256").digest(got))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        }
    }

    /** A TCP relay in front of a host that keeps the first bytes the dialer sent (the multistream proposals). */
    record Relay(ServerSocket server, ByteArrayOutputStream head) {
        Multiaddr address(Host h) {
            return Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getLocalPort() + "/p2p/" + h.peerId());
        }

        /** The protocol proposed right after the multistream header. */
        String firstProposal() {
            byte[] b;
            synchronized (head) {
                b = head.toByteArray();
            }
            int headerLen = b[0] & 0xff;
            int len = b[1 + headerLen] & 0xff;
            return new String(b, 2 + headerLen, len - 1, StandardCharsets.UTF_8);
        }
    }

    Relay relay(Host target) throws IOException {
        int port = Integer.parseInt(target.listenAddresses().getFirst().valueOf("tcp").orElseThrow());
        ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        open.add(server);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket front = server.accept();
                    Socket back = new Socket(InetAddress.getLoopbackAddress(), port);
                    open.add(front);
                    open.add(back);
                    pipe(front.getInputStream(), back.getOutputStream(), head);
                    pipe(back.getInputStream(), front.getOutputStream(), null);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new Relay(server, head);
    }

    private static void pipe(InputStream in, OutputStream out, ByteArrayOutputStream head) {
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[16384];
            try (in; out) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (head != null) {
                        synchronized (head) {
                            if (head.size() < 64) {
                                head.write(buf, 0, Math.min(n, 64 - head.size()));
                            }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side closed
            }
        });
    }
}
