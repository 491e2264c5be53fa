package dev.ferry.exchange.ferry.oneshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.identity.Identity;
import dev.ferry.multiformats.LengthPrefixedFrame;
import dev.ferry.multiformats.Varint;
import dev.ferry.net.host.Host;
import dev.ferry.net.host.TestHosts;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared mechanism with a protocol of its own (an echo: the answer must repeat the request), for what the pin and
 * proof tests do not reach: messages made of a protocol's words, and the answer-fits-request check on both sides.
 */
@Timeout(30)
class OneShotServiceTest {
    static final Duration ASK = Duration.ofSeconds(5);
    static final String ID = "/ferry-test/echo/1.0.0";

    record Echo(String state, String text) {}

    static final class EchoFormatException extends IOException {
        EchoFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class EchoNotSpokenException extends IOException {
        EchoNotSpokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Frames of UTF-8 text; an answer is {@code state \n text}. */
    static final class EchoProtocol implements OneShotProtocol<String, Echo> {
        @Override
        public String id() {
            return ID;
        }

        @Override
        public OneShotWords words() {
            return new OneShotWords("echo", "echo request", "echo answer", "an answer", "echo handler gave nothing",
                    "request");
        }

        static void write(OutputStream out, String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            Varint.write(b.length, out);
            out.write(b);
        }

        static String read(InputStream in) throws IOException {
            byte[] b = LengthPrefixedFrame.read(in, 256, EchoFormatException::new);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public void writeRequest(OutputStream out, String request) throws IOException {
            write(out, request);
        }

        @Override
        public String readRequest(InputStream in) throws IOException {
            return read(in);
        }

        @Override
        public void writeAnswer(OutputStream out, Echo answer) throws IOException {
            write(out, answer.state() + "\n" + answer.text());
        }

        @Override
        public Echo readAnswer(InputStream in) throws IOException {
            String s = read(in);
            if (s == null) {
                return null;
            }
            int nl = s.indexOf('\n');
            if (nl < 0) {
                throw new EchoFormatException("no state", null);
            }
            return new Echo(s.substring(0, nl), s.substring(nl + 1));
        }

        @Override
        public boolean isMalformed(IOException e) {
            return e instanceof EchoFormatException;
        }

        @Override
        public IOException malformed(String message, Throwable cause) {
            return new EchoFormatException(message, cause);
        }

        @Override
        public IOException notSpoken(String message, Throwable cause) {
            return new EchoNotSpokenException(message, cause);
        }

        @Override
        public Echo busy(String message) {
            return new Echo("BUSY", message);
        }

        @Override
        public Echo badRequest(String decoderMessage) {
            return new Echo("BAD_REQUEST", decoderMessage);
        }

        @Override
        public Echo refused(String message) {
            return new Echo("REFUSED", message);
        }

        @Override
        public Echo handlerFailed() {
            return new Echo("FAILED", "could not echo");
        }

        @Override
        public Optional<String> misfit(String request, Echo answer) {
            return answer.state().equals("OK") && !answer.text().equals(request)
                    ? Optional.of("echo of " + answer.text() + " for " + request) : Optional.empty();
        }
    }

    static final OneShotLimits LIMITS = new OneShotLimits(Duration.ofSeconds(10), 32, Duration.ofMillis(100), 8);

    final TestHosts hosts = new TestHosts();
    final List<OneShotService<String, Echo>> services = new ArrayList<>();
    final SecureRandom random = new SecureRandom();

    @AfterEach
    void close() {
        services.forEach(OneShotService::close);
        hosts.close();
    }

    record Peer(Host host, OneShotService<String, Echo> service) {}

    Peer peer(OneShotHandler<String, Echo> handler, OneShotLimits limits) throws Exception {
        Host h = hosts.start(Identity.generate(random));
        OneShotService<String, Echo> s = OneShotService.start(h, new EchoProtocol(), handler, limits,
                InstantSource.system());
        services.add(s);
        return new Peer(h, s);
    }

    /** a serves with {@code handler}, b asks; connected. */
    Peer[] pair(OneShotHandler<String, Echo> handler, OneShotLimits limits) throws Exception {
        Peer a = peer(handler, limits);
        Peer b = peer((from, did, r) -> {
            throw new AssertionError("not asked");
        }, LIMITS);
        b.host().connect(TestHosts.dialable(a.host()));
        return new Peer[] {a, b};
    }

    @Test
    void aHandlerAnswerThatDoesNotFitIsReplacedAndAReceivedOneIsMalformed() throws Exception {
        Peer[] p = pair((from, did, r) -> new Echo("OK", r.equals("hello") ? "hello" : "something else"), LIMITS);
        Peer a = p[0];
        Peer b = p[1];
        assertThat(b.service().ask(a.host().peerId(), "hello", ASK)).isEqualTo(new Echo("OK", "hello"));
        assertThat(b.service().ask(a.host().peerId(), "bye", ASK)).isEqualTo(new Echo("FAILED", "could not echo"));

        // a server that writes its own answer, past the server's check
        a.host().setHandler(ID, s -> {
            EchoProtocol.read(s.in());
            EchoProtocol.write(s.out(), "OK\nsomething else");
            s.out().flush();
            s.closeWrite();
        });
        assertThatThrownBy(() -> b.service().ask(a.host().peerId(), "bye", ASK))
                .isInstanceOf(EchoFormatException.class)
                .hasMessage("malformed echo answer from " + a.host().peerId() + ": echo of something else for bye");
    }

    @Test
    void answersAndErrorsSpeakTheProtocolsWords() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Peer[] p = pair((from, did, r) -> {
            if (r.equals("wait")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Echo("OK", r);
        }, new OneShotLimits(Duration.ofSeconds(10), 2, Duration.ofHours(1), 8));
        Peer a = p[0];
        Peer b = p[1];
        var peerA = a.host().peerId();

        assertThatThrownBy(() -> b.service().ask(peerA, "wait", Duration.ofMillis(300)))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("no echo answer from " + peerA + " within 300 ms");
        release.countDown();
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)).contains("ferry-echo-timer");
        assertThat(b.service().ask(peerA, "one", ASK)).isEqualTo(new Echo("OK", "one"));
        assertThat(b.service().ask(peerA, "two", ASK)).isEqualTo(new Echo("BUSY", "echo request rate exceeded"));

        a.host().setHandler(ID, s -> {
            EchoProtocol.read(s.in());
            EchoProtocol.write(s.out(), "no newline");
            s.out().flush();
        });
        assertThatThrownBy(() -> b.service().ask(peerA, "x", ASK))
                .isInstanceOf(EchoFormatException.class)
                .hasMessage("malformed echo answer from " + peerA + ": no state");
        a.host().setHandler(ID, s -> EchoProtocol.read(s.in()));
        assertThatThrownBy(() -> b.service().ask(peerA, "x", ASK))
                .isInstanceOf(EOFException.class)
                .hasMessage("peer " + peerA + " closed the echo stream without an answer");
        assertThatThrownBy(() -> b.service().ask(peerA, null, ASK))
                .isInstanceOf(NullPointerException.class).hasMessage("request");

        a.service().close();
        assertThatThrownBy(() -> b.service().ask(peerA, "x", ASK))
                .isInstanceOf(EchoNotSpokenException.class).hasMessage("peer " + peerA + " does not speak " + ID);
        assertThatThrownBy(() -> a.service().ask(b.host().peerId(), "x", ASK))
                .isInstanceOf(IOException.class).hasMessage("the echo service is closed");
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new OneShotLimits(Duration.ZERO, 1, s, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout > 0 and requestInterval >= 0");
        assertThatThrownBy(() -> new OneShotLimits(s, 1, s.negated(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OneShotLimits(s, 0, s, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("requestBurst and maxConcurrent >= 1");
        assertThatThrownBy(() -> new OneShotLimits(s, 1, s, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OneShotLimits(null, 1, s, 1)).isInstanceOf(NullPointerException.class);
        assertThat(new OneShotLimits(s, 1, Duration.ZERO, 1).requestInterval()).isZero();
    }
}
