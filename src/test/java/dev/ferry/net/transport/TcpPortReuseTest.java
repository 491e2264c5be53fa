package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.multiformats.Multiaddr;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpPortReuseTest {
    private static final Multiaddr ANY_PORT = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

    private final TcpTransport a = new TcpTransport(Duration.ofSeconds(5), TcpPortReuse.ALL);
    private final TcpTransport b = new TcpTransport(Duration.ofSeconds(5), TcpPortReuse.ALL);

    private static TcpConnection take(LinkedBlockingQueue<TcpConnection> q) throws InterruptedException {
        TcpConnection c = q.poll(5, TimeUnit.SECONDS);
        assertThat(c).as("accepted connection").isNotNull();
        return c;
    }

    private static void roundTrip(TcpConnection from, TcpConnection to) throws IOException {
        from.out().write(7);
        from.out().flush();
        assertThat(to.in().read()).isEqualTo(7);
    }

    @Test
    void aDialLeavesFromTheListenPortSoThePeerSeesTheListenAddress() throws Exception {
        LinkedBlockingQueue<TcpConnection> atB = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener la = a.listen(ANY_PORT, c -> {});
                TcpTransport.Listener lb = b.listen(ANY_PORT, atB::add);
                TcpConnection c = a.dial(lb.listenAddress());
                TcpConnection s = take(atB)) {
            assertThat(c.localMultiaddr()).isEqualTo(la.listenAddress());
            assertThat(s.remoteMultiaddr()).isEqualTo(la.listenAddress());
            roundTrip(c, s);
            roundTrip(s, c);
        }
    }

    @Test
    void byDefaultADialToANonLoopbackAddressLeavesFromAWildcardListenersPort() throws Exception {
        InetAddress own = ownNonLoopbackIpv4();
        assumeTrue(own != null, "no non-loopback IPv4 interface");
        TcpTransport t = new TcpTransport(Duration.ofSeconds(5), TcpPortReuse.EXCEPT_LOOPBACK);
        LinkedBlockingQueue<TcpConnection> atB = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener lt = t.listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0"), c -> {});
                TcpTransport.Listener lb = b.listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0"), atB::add)) {
            String port = lb.listenAddress().valueOf("tcp").orElseThrow();
            try (TcpConnection c = t.dial(Multiaddr.parse("/ip4/" + own.getHostAddress() + "/tcp/" + port));
                    TcpConnection s = take(atB)) {
                assertThat(s.remoteMultiaddr().valueOf("tcp")).isEqualTo(lt.listenAddress().valueOf("tcp"));
                assertThat(s.remoteMultiaddr().valueOf("ip4")).contains(own.getHostAddress());
                roundTrip(c, s);
            }
        }
    }

    private static InetAddress ownNonLoopbackIpv4() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    @Test
    void aSecondDialOnTheSameFourTupleFallsBackToAnEphemeralPort() throws Exception {
        LinkedBlockingQueue<TcpConnection> atB = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener la = a.listen(ANY_PORT, c -> {});
                TcpTransport.Listener lb = b.listen(ANY_PORT, atB::add);
                TcpConnection first = a.dial(lb.listenAddress());
                TcpConnection second = a.dial(lb.listenAddress());
                TcpConnection x = take(atB);
                TcpConnection y = take(atB)) {
            assertThat(first.localMultiaddr()).isEqualTo(la.listenAddress());
            assertThat(second.localMultiaddr()).isNotEqualTo(la.listenAddress());
            // the accepting side hands connections over on threads of their own: match them by address
            boolean inOrder = x.remoteMultiaddr().equals(first.localMultiaddr());
            roundTrip(first, inOrder ? x : y);
            roundTrip(second, inOrder ? y : x);
        }
    }

    @Test
    void aCrossedDialFallsBackWhileTheFirstIsOpen() throws Exception {
        LinkedBlockingQueue<TcpConnection> atA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<TcpConnection> atB = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener la = a.listen(ANY_PORT, atA::add);
                TcpTransport.Listener lb = b.listen(ANY_PORT, atB::add);
                TcpConnection ab = a.dial(lb.listenAddress());
                TcpConnection abAtB = take(atB);
                // from B's port to A's port is the tuple of the connection open already
                TcpConnection ba = b.dial(la.listenAddress());
                TcpConnection baAtA = take(atA)) {
            assertThat(ab.localMultiaddr()).isEqualTo(la.listenAddress());
            assertThat(ba.localMultiaddr()).isNotEqualTo(lb.listenAddress());
            roundTrip(ba, baAtA);
            roundTrip(abAtB, ab);
        }
    }

    @Test
    void aTupleInTimeWaitFallsBackToo() throws Exception {
        LinkedBlockingQueue<TcpConnection> atB = new LinkedBlockingQueue<>();
        try (TcpTransport.Listener la = a.listen(ANY_PORT, c -> {});
                TcpTransport.Listener lb = b.listen(ANY_PORT, atB::add)) {
            TcpConnection first = a.dial(lb.listenAddress());
            TcpConnection s1 = take(atB);
            first.close(); // the side that closes first keeps the tuple in TIME_WAIT
            assertThat(s1.in().read()).isEqualTo(-1);
            s1.close();
            try (TcpConnection again = a.dial(lb.listenAddress()); TcpConnection s2 = take(atB)) {
                roundTrip(again, s2);
            }
        }
    }

    @Test
    void twoListenersOnOnePortStillFailWithAddressInUse() throws Exception {
        try (TcpTransport.Listener l = a.listen(ANY_PORT, c -> {})) {
            assertThatThrownBy(() -> b.listen(l.listenAddress(), c -> {}))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("address already in use: " + l.listenAddress());
            TcpTransport plain = new TcpTransport(Duration.ofSeconds(5), TcpPortReuse.OFF);
            assertThatThrownBy(() -> plain.listen(l.listenAddress(), c -> {})).isInstanceOf(BindException.class);
        }
        TcpTransport plain = new TcpTransport(Duration.ofSeconds(5), TcpPortReuse.OFF);
        try (TcpTransport.Listener l = plain.listen(ANY_PORT, c -> {})) {
            assertThatThrownBy(() -> a.listen(l.listenAddress(), c -> {})).isInstanceOf(BindException.class);
        }
    }

    @Test
    void withReuseOffOrExceptLoopbackALoopbackDialLeavesFromAnEphemeralPort() throws Exception {
        for (TcpPortReuse mode : new TcpPortReuse[] {TcpPortReuse.OFF, TcpPortReuse.EXCEPT_LOOPBACK}) {
            TcpTransport t = new TcpTransport(Duration.ofSeconds(5), mode);
            LinkedBlockingQueue<TcpConnection> atB = new LinkedBlockingQueue<>();
            try (TcpTransport.Listener lt = t.listen(ANY_PORT, c -> {});
                    TcpTransport.Listener lb = b.listen(ANY_PORT, atB::add);
                    TcpConnection c = t.dial(lb.listenAddress());
                    TcpConnection s = take(atB)) {
                assertThat(s.remoteMultiaddr()).as(mode.name()).isNotEqualTo(lt.listenAddress());
                roundTrip(c, s);
            }
        }
    }

    @Test
    void sourceChoiceFollowsTheFamilyAndTheDestinationScope() throws Exception {
        TcpTransport t = new TcpTransport(Duration.ofSeconds(5), TcpPortReuse.EXCEPT_LOOPBACK);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress far = InetAddress.getByName("203.0.113.9");
        InetAddress far6 = InetAddress.getByName("2001:db8::9");
        try (TcpTransport.Listener onLoopback = t.listen(ANY_PORT, c -> {})) {
            assertThat(t.sourceFor(loopback)).as("loopback excluded").isNull();
            assertThat(t.sourceFor(far)).as("a loopback listener never serves a far destination").isNull();
            try (TcpTransport.Listener any = t.listen(Multiaddr.parse("/ip4/0.0.0.0/tcp/0"), c -> {})) {
                int anyPort = Integer.parseInt(any.listenAddress().valueOf("tcp").orElseThrow());
                assertThat(t.sourceFor(far).getPort()).isEqualTo(anyPort);
                assertThat(t.sourceFor(far).getAddress().isAnyLocalAddress()).isTrue();
                assertThat(t.sourceFor(far6)).as("no IPv6 listener").isNull();
            }
        }
        try (TcpTransport.Listener l = a.listen(ANY_PORT, c -> {})) {
            assertThat(a.sourceFor(loopback).getPort())
                    .isEqualTo(Integer.parseInt(l.listenAddress().valueOf("tcp").orElseThrow()));
        }
        assertThat(a.sourceFor(loopback)).as("a closed listener is no source").isNull();
    }

    @Test
    void theEnvironmentSwitchReadsGoBooleans() {
        assertThat(TcpPortReuse.fromEnvironment(Map.of())).isEqualTo(TcpPortReuse.EXCEPT_LOOPBACK);
        for (String off : new String[] {"false", "FALSE", "0", "f"}) {
            assertThat(TcpPortReuse.fromEnvironment(Map.of(TcpPortReuse.ENV, off))).isEqualTo(TcpPortReuse.OFF);
        }
        assertThat(TcpPortReuse.fromEnvironment(Map.of(TcpPortReuse.ENV, "true")))
                .isEqualTo(TcpPortReuse.EXCEPT_LOOPBACK);
    }
}
