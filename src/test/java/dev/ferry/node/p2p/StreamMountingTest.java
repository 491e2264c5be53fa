package dev.ferry.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.multiformats.Multiaddr;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tunnels between two loopback hosts: a forwarder on A to a listener on B whose target is a TCP echo server. */
@Timeout(60)
class StreamMountingTest {
    private static final Multiaddr ANY_PORT = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    private static final String PROTOCOL = "/x/echo";

    private final TestHosts hosts = new TestHosts();
    private Host hostA;
    private Host hostB;
    private StreamMounting a;
    private StreamMounting b;
    private TcpEchoServer echo;

    @BeforeEach
    void start() throws IOException {
        hostA = hosts.start();
        hostB = hosts.start();
        a = new StreamMounting(hostA);
        b = new StreamMounting(hostB);
        echo = new TcpEchoServer(false);
    }

    @AfterEach
    void stop() throws IOException {
        a.close();
        b.close();
        hosts.close();
        echo.close();
    }

    private InetSocketAddress tunnel() throws IOException {
        b.listen(PROTOCOL, echo.address(), false, false);
        PortForwarder f = a.forward(PROTOCOL, ANY_PORT, TestHosts.dialable(hostB), false);
        return socketAddress(f);
    }

    private static InetSocketAddress socketAddress(Mount forwarder) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(forwarder.listenAddress().valueOf("tcp").orElseThrow()));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Reads until the tunnel ends; true when it ended (EOF or reset) rather than delivering data. */
    private static boolean endsWithoutData(Socket s) throws IOException {
        s.setSoTimeout(20_000);
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketException e) {
            return true; // reset
        }
    }

    @Test
    void severalMebibytesGoBothWaysIntactAndTheAnswerFollowsAHalfClose() throws Exception {
        InetSocketAddress port = tunnel();
        byte[][] digests = TunnelClient.roundTrip(port, 6 * 1024 * 1024 + 13, 1);
        assertThat(digests[1]).isEqualTo(digests[0]);
        await("tunnels end on both sides", () -> a.tunnels().isEmpty() && b.tunnels().isEmpty());
        assertThat(hostA.connectionManager().isProtected(hostB.peerId())).isFalse();
    }

    @Test
    void concurrentConnectionsEachGetTheirOwnTunnel() throws Exception {
        InetSocketAddress port = tunnel();
        List<CompletableFuture<byte[][]>> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long seed = i;
            clients.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return TunnelClient.roundTrip(port, 512 * 1024 + (int) seed, seed);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r)));
        }
        for (CompletableFuture<byte[][]> c : clients) {
            byte[][] digests = c.get(40, TimeUnit.SECONDS);
            assertThat(digests[1]).isEqualTo(digests[0]);
        }
        assertThat(echo.accepted).hasSize(6);
    }

    @Test
    void tunnelsAreListedWithKuboAddressesAndCanBeClosedOneByOne() throws Exception {
        InetSocketAddress port = tunnel();
        try (Socket idle = new Socket()) {
            idle.connect(port, 10_000);
            await("a tunnel on each side", () -> a.tunnels().size() == 1 && b.tunnels().size() == 1);
            Tunnel out = a.tunnels().getFirst();
            assertThat(out.id()).isZero();
            assertThat(out.protocol()).isEqualTo(PROTOCOL);
            assertThat(out.originAddress()).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + idle.getLocalPort()));
            assertThat(out.targetAddress()).isEqualTo(Multiaddr.parse("/p2p/" + hostB.peerId()));
            Tunnel in = b.tunnels().getFirst();
            assertThat(in.originAddress()).isEqualTo(Multiaddr.parse("/p2p/" + hostA.peerId()));
            assertThat(in.targetAddress()).isEqualTo(echo.address());
            assertThat(hostB.connectionManager().isProtected(hostA.peerId())).as("a tunnel keeps its connection")
                    .isTrue();

            assertThat(b.closeTunnel(in.id())).isTrue();
            assertThat(endsWithoutData(idle)).isTrue();
            await("both ends forget it", () -> a.tunnels().isEmpty() && b.tunnels().isEmpty());
            assertThat(b.closeTunnel(in.id())).isFalse();
        }
        // handler IDs keep counting
        try (Socket next = new Socket()) {
            next.connect(port, 10_000);
            await("a second tunnel", () -> a.tunnels().size() == 1);
            assertThat(a.tunnels().getFirst().id()).isEqualTo(1);
            assertThat(a.closeAllTunnels()).isEqualTo(1);
            assertThat(endsWithoutData(next)).isTrue();
        }
    }

    @Test
    void closingAMountStopsNewConnectionsAndEndsItsTunnels() throws Exception {
        InetSocketAddress port = tunnel();
        assertThat(a.mounts()).singleElement().satisfies(m -> {
            assertThat(m.protocol()).isEqualTo(PROTOCOL);
            assertThat(m.listenAddress()).isEqualTo(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + port.getPort()));
            assertThat(m.targetAddress()).isEqualTo(Multiaddr.parse("/p2p/" + hostB.peerId()));
        });
        assertThat(b.mounts()).singleElement().satisfies(m -> {
            assertThat(m.listenAddress()).isEqualTo(Multiaddr.parse("/p2p/" + hostB.peerId()));
            assertThat(m.targetAddress()).isEqualTo(echo.address());
        });
        assertThat(hostB.protocols()).contains(PROTOCOL);
        try (Socket open = new Socket()) {
            open.connect(port, 10_000);
            await("the tunnel is up", () -> b.tunnels().size() == 1);

            // the listener goes: its tunnel ends, and the forwarder's new connections find no service
            assertThat(b.close(m -> m.protocol().equals(PROTOCOL))).isEqualTo(1);
            assertThat(b.mounts()).isEmpty();
            assertThat(hostB.protocols()).doesNotContain(PROTOCOL);
            assertThat(endsWithoutData(open)).isTrue();
        }
        try (Socket refused = new Socket()) {
            // the forwarder takes the connection and resets it: so fast, at times, that connect() itself sees the reset
            boolean resetAtConnect = false;
            try {
                refused.connect(port, 10_000);
            } catch (java.net.SocketException e) {
                // a refused connection would mean the forwarder is gone, which it must not be yet
                assertThat(e).isNotInstanceOf(java.net.ConnectException.class);
                resetAtConnect = true;
            }
            assertThat(resetAtConnect || endsWithoutData(refused)).isTrue();
        }
        assertThat(a.close(m -> true)).isEqualTo(1);
        assertThat(a.close(m -> true)).isZero();
        // the listening socket's descriptor is released once its accepting thread has left accept(): soon after
        await("the forwarder's port is closed", () -> {
            try (Socket none = new Socket()) {
                none.connect(port, 10_000);
                return false;
            } catch (java.net.ConnectException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void closingTheWholeMountingEndsEverything() throws Exception {
        InetSocketAddress port = tunnel();
        try (Socket open = new Socket()) {
            open.connect(port, 10_000);
            await("the tunnel is up", () -> b.tunnels().size() == 1);
            b.close();
            assertThat(endsWithoutData(open)).isTrue();
            assertThat(b.mounts()).isEmpty();
            assertThat(b.tunnels()).isEmpty();
            assertThatThrownBy(() -> b.listen(PROTOCOL, echo.address(), false, false))
                    .isInstanceOf(StreamMountingException.class).hasMessageContaining("shutting down");
        }
    }

    @Test
    void aListenerReportsThePeerIdFirstWhenAsked() throws Exception {
        try (TcpEchoServer reporting = new TcpEchoServer(true)) {
            b.listen(PROTOCOL, reporting.address(), true, false);
            InetSocketAddress port = socketAddress(a.forward(PROTOCOL, ANY_PORT, TestHosts.dialable(hostB), false));
            byte[][] digests = TunnelClient.roundTrip(port, 100_000, 7);
            assertThat(digests[1]).isEqualTo(digests[0]);
            assertThat(reporting.lines.poll(10, TimeUnit.SECONDS)).isEqualTo(hostA.peerId().toString());
        }
    }

    @Test
    void protocolsAndAddressesAreCheckedAsKuboDoes() throws Exception {
        assertThatThrownBy(() -> b.listen("/its/not/a/x/path", echo.address(), false, false))
                .isInstanceOf(StreamMountingException.class)
                .hasMessage("protocol name must be within '/x/' namespace");
        assertThatThrownBy(() -> a.forward("/p2p-test", ANY_PORT, TestHosts.dialable(hostB), false))
                .hasMessage("protocol name must be within '/x/' namespace");
        b.listen("/p2p-test", echo.address(), false, true); // allowed with the flag
        assertThatThrownBy(() -> b.listen("/p2p-test", echo.address(), false, true))
                .hasMessage("listener already registered");
        hostB.setHandler("/x/served", s -> { });
        hostB.setHandler("/ipfs/id/1.0.0", s -> { });
        assertThatThrownBy(() -> b.listen("/x/served", echo.address(), false, false))
                .hasMessage("protocol /x/served is one the node serves itself");
        assertThatThrownBy(() -> b.listen("/ipfs/id/1.0.0", echo.address(), false, true))
                .hasMessage("protocol /ipfs/id/1.0.0 is one the node serves itself");
        assertThatCode(() -> b.listen("/x/", echo.address(), false, false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> b.listen("/x/bad\nname", echo.address(), false, false))
                .hasMessageStartingWith("invalid protocol name");

        assertThatThrownBy(() -> b.listen("/x/t", Multiaddr.parse("/ip4/127.0.0.1/tcp/0"), false, false))
                .hasMessage("port can not be 0");
        assertThatThrownBy(() -> b.listen("/x/t", Multiaddr.parse("/ip4/127.0.0.1"), false, false))
                .hasMessage("address does not contain tcp or udp protocol");
        assertThatThrownBy(() -> b.listen("/x/t", Multiaddr.parse("/ip4/127.0.0.1/udp/53"), false, false))
                .hasMessageContaining("only TCP targets");

        assertThatThrownBy(() -> a.forward("/x/t", ANY_PORT, hostB.listenAddresses().getFirst(), false))
                .hasMessageStartingWith("target address must end with /p2p/<peer id>");
        assertThatThrownBy(() -> a.forward("/x/t", ANY_PORT, Multiaddr.parse("/p2p/" + hostA.peerId()), false))
                .hasMessage("cannot forward to this node itself");
        assertThatThrownBy(() -> a.forward("/x/t", Multiaddr.parse("/dns4/localhost/tcp/0"),
                Multiaddr.parse("/p2p/" + hostB.peerId()), false)).hasMessageStartingWith("cannot listen on");
        PortForwarder f = a.forward("/x/t", ANY_PORT, Multiaddr.parse("/p2p/" + hostB.peerId()), false);
        assertThatThrownBy(() -> a.forward("/x/t", f.listenAddress(), Multiaddr.parse("/p2p/" + hostB.peerId()),
                false)).isInstanceOf(java.net.BindException.class);
        assertThat(a.mounts()).containsExactly(f);
    }
}
