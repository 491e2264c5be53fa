package dev.ferry.net.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.ping.PingService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secure WebSocket dials ({@code /wss}, {@code /tls/ws}, {@code /tls/sni/NAME/ws}) to a ferry node behind a
 * TLS-terminating proxy, the way a node is put on {@code wss://}: a certificate made by the JDK's keytool for
 * {@code localhost} and 127.0.0.1, trusted by the dialling host; a certificate for another name, or not trusted,
 * fails the dial.
 */
@Timeout(60)
class HostSecureWebSocketTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    static Path tmp;
    static SSLContext serverTls;
    static SSLContext clientTls;
    static final List<AutoCloseable> open = new ArrayList<>();

    /** A key pair and self-signed certificate for {@code names}, in a PKCS#12 store made by keytool. */
    static KeyStore keyStore(String alias, String san) throws Exception {
        Path file = tmp.resolve(alias + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + alias, "-ext", "SAN=" + san, "-validity", "2",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    static SSLContext serving(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, RANDOM);
        return c;
    }

    static SSLContext trusting(KeyStore ks) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        String alias = ks.aliases().nextElement();
        trust.setCertificateEntry(alias, ks.getCertificate(alias));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), RANDOM);
        return c;
    }

    @BeforeAll
    static void certificates() throws Exception {
        KeyStore ks = keyStore("localhost", "dns:localhost,ip:127.0.0.1");
        serverTls = serving(ks);
        clientTls = trusting(ks);
    }

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    /** A TLS-terminating proxy to {@code backendPort}: each TLS connection is piped to a new TCP one. */
    static int proxy(SSLContext tls, int backendPort) throws IOException {
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 16,
                InetAddress.getLoopbackAddress());
        open.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket front = server.accept();
                    Socket back = new Socket(InetAddress.getLoopbackAddress(), backendPort);
                    open.add(front);
                    open.add(back);
                    pipe(front.getInputStream(), back.getOutputStream(), back);
                    pipe(back.getInputStream(), front.getOutputStream(), front);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void pipe(InputStream in, OutputStream out, Socket to) {
        Thread.ofVirtual().start(() -> {
            try {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closed
                }
            }
        });
    }

    private Host host(SSLContext tls, String... listen) throws IOException {
        Host h = new Host(Identity.generate(RANDOM), HostConfig.defaults(), RANDOM, InstantSource.system(),
                new SwarmTransports(EnabledTransports.all(), tls), new YamuxAdapter(HostConfig.defaults().yamux()));
        open.add(h::close);
        PingService.install(h);
        h.setHandler(HostTest.ECHO, HostTest::echo);
        h.start(java.util.Arrays.stream(listen).map(Multiaddr::parse).toList());
        return h;
    }

    @Test
    void secureFormsReachANodeBehindATlsProxy() throws Exception {
        Host node = host(clientTls, "/ip4/127.0.0.1/tcp/0/ws");
        int backend = Integer.parseInt(node.listenAddresses().getFirst().components().get(1).valueString());
        int port = proxy(serverTls, backend);
        String id = "/p2p/" + node.peerId();
        for (String form : List.of("/dns4/localhost/tcp/" + port + "/wss", "/ip4/127.0.0.1/tcp/" + port + "/tls/ws",
                "/ip4/127.0.0.1/tcp/" + port + "/tls/sni/localhost/ws")) {
            Host dialler = host(clientTls);
            Connection c = dialler.connect(Multiaddr.parse(form + id));
            assertThat(c.remotePeer()).isEqualTo(node.peerId());
            assertThat(c.remoteAddress().orElseThrow().toString()).as("the address dialled").startsWith(form);
            assertThat(PingService.install(dialler).ping(node.peerId())).isLessThan(Duration.ofSeconds(5));
            try (NegotiatedStream s = dialler.newStream(node.peerId(), HostTest.ECHO)) {
                byte[] data = new byte[300_000];
                RANDOM.nextBytes(data);
                Thread w = Thread.ofVirtual().start(() -> {
                    try {
                        s.out().write(data);
                        s.closeWrite();
                    } catch (IOException e) {
                        s.reset();
                    }
                });
                assertThat(s.in().readAllBytes()).isEqualTo(data);
                w.join(5_000);
            }
        }
    }

    @Test
    void aCertificateForAnotherNameOrNotTrustedFailsTheDial() throws Exception {
        Host node = host(clientTls, "/ip4/127.0.0.1/tcp/0/ws");
        int backend = Integer.parseInt(node.listenAddresses().getFirst().components().get(1).valueString());
        KeyStore other = keyStore("other.example", "dns:other.example");
        int wrongName = proxy(serving(other), backend);
        Host trustsBoth = host(trusting(other));
        assertThatThrownBy(() -> trustsBoth.connect(Multiaddr.parse("/dns4/localhost/tcp/" + wrongName + "/wss/p2p/"
                + node.peerId()))).isInstanceOf(IOException.class);
        int right = proxy(serverTls, backend);
        Host trustsNone = host(SSLContext.getDefault());
        assertThatThrownBy(() -> trustsNone.connect(Multiaddr.parse("/dns4/localhost/tcp/" + right + "/wss/p2p/"
                + node.peerId()))).isInstanceOf(IOException.class);
        assertThat(node.connectionManager().connectionCount()).isZero();
        // and a host cannot listen with TLS itself
        assertThatThrownBy(() -> host(clientTls, "/ip4/127.0.0.1/tcp/0/wss")).isInstanceOf(IOException.class)
                .hasMessageContaining("TLS proxy");
    }
}
