package dev.ferry.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.net.transport.DuplexStream;
import dev.ferry.testing.net.MemoryPipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MultistreamTest {
    private static final HexFormat HEX = HexFormat.of();
    private final MemoryPipe.Ends pipe = MemoryPipe.create(4096);
    private final DuplexStream dialer = pipe.a();
    private final DuplexStream listener = pipe.b();

    private static <T> CompletableFuture<T> async(Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    private static Throwable cause(CompletableFuture<?> f) throws InterruptedException {
        try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out");
        }
    }

    @Test
    void firstProposalAccepted() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/noise", "/tls/1.0.0")));
        assertThat(Multistream.select(dialer, List.of("/noise"))).isEqualTo("/noise");
        assertThat(l.get(5, TimeUnit.SECONDS)).isEqualTo("/noise");
    }

    @Test
    void naThenSecondProposal() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/yamux/1.0.0")));
        assertThat(Multistream.select(dialer, List.of("/mplex/6.7.0", "/yamux/1.0.0"))).isEqualTo("/yamux/1.0.0");
        assertThat(l.get(5, TimeUnit.SECONDS)).isEqualTo("/yamux/1.0.0");
    }

    @Test
    void noneAcceptedIsProtocolNotSupported() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/x")));
        assertThatThrownBy(() -> Multistream.select(dialer, List.of("/a", "/b")))
                .isInstanceOf(ProtocolNotSupportedException.class)
                .satisfies(e -> assertThat(((ProtocolNotSupportedException) e).proposed()).containsExactly("/a", "/b"));
        dialer.close();
        assertThat(cause(l)).isInstanceOf(MultistreamException.class); // EOF during negotiation
    }

    @Test
    void exactBytesOnTheWire() throws Exception {
        // the dialer pipelines header + proposal in one write; the listener echoes header and protocol
        var d = async(() -> Multistream.select(dialer, List.of("/noise")));
        byte[] got = listener.in().readNBytes(20 + 8);
        assertThat(HEX.formatHex(got)).isEqualTo("132f6d756c746973747265616d2f312e302e300a" + "072f6e6f6973650a");
        listener.out().write(HEX.parseHex("132f6d756c746973747265616d2f312e302e300a" + "072f6e6f6973650a"));
        assertThat(d.get(5, TimeUnit.SECONDS)).isEqualTo("/noise");
    }

    @Test
    void pipelinedHeaderProposalAndDataAreNotLost() throws Exception {
        // one write: header, proposal and the first application bytes
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        w.writeBytes(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/echo/1.0.0"));
        w.writeBytes("hello".getBytes(StandardCharsets.US_ASCII));
        dialer.out().write(w.toByteArray());
        assertThat(Multistream.handle(listener, Set.of("/echo/1.0.0"))).isEqualTo("/echo/1.0.0");
        assertThat(listener.in().readNBytes(5)).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
        // and the dialer sees header + echo, then anything the listener pipelined after the echo
        listener.out().write("world".getBytes(StandardCharsets.US_ASCII));
        assertThat(MultistreamCodec.read(dialer.in())).isEqualTo(Multistream.PROTOCOL_ID);
        assertThat(MultistreamCodec.read(dialer.in())).isEqualTo("/echo/1.0.0");
        assertThat(dialer.in().readNBytes(5)).isEqualTo("world".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void dialerKeepsDataPipelinedAfterEcho() throws Exception {
        var l = async(() -> {
            String p = Multistream.handle(listener, Set.of("/p"));
            listener.out().write(new byte[] {1, 2, 3});
            return p;
        });
        assertThat(Multistream.select(dialer, List.of("/p"))).isEqualTo("/p");
        assertThat(dialer.in().readNBytes(3)).containsExactly(1, 2, 3);
        l.get(5, TimeUnit.SECONDS);
    }

    @Test
    void lsListsProtocols() throws Exception {
        var l = async(() -> Multistream.handle(listener, p -> p.equals("/b"), () -> List.of("/a", "/b")));
        assertThat(Multistream.list(dialer)).containsExactly("/a", "/b");
        // the same negotiation can continue with a proposal
        dialer.out().write(MultistreamCodec.encode("/b"));
        assertThat(MultistreamCodec.read(dialer.in())).isEqualTo("/b");
        assertThat(l.get(5, TimeUnit.SECONDS)).isEqualTo("/b");
    }

    @Test
    void naWireBytes() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/b")));
        dialer.out().write(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/a"));
        assertThat(MultistreamCodec.read(dialer.in())).isEqualTo(Multistream.PROTOCOL_ID);
        assertThat(HEX.formatHex(dialer.in().readNBytes(4))).isEqualTo("036e610a");
        dialer.out().write(MultistreamCodec.encode("/b"));
        assertThat(l.get(5, TimeUnit.SECONDS)).isEqualTo("/b");
    }

    @Test
    void wrongHeaderIsRejected() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/a")));
        dialer.out().write(MultistreamCodec.encodeAll("/multistream/2.0.0", "/a"));
        assertThat(cause(l)).isInstanceOf(MultistreamException.class).hasMessageContaining("expected");
    }

    @Test
    void tooLongLineIsRejected() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/a")));
        dialer.out().write(MultistreamCodec.encode(Multistream.PROTOCOL_ID));
        dialer.out().write(HEX.parseHex("8108")); // announces 1025 bytes
        assertThat(cause(l)).isInstanceOf(MultistreamException.class).hasMessageContaining("longer than");
    }

    @Test
    void listenerGivesUpAfterTooManyProposals() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/never")));
        var drain = async(() -> dialer.in().readNBytes(1 << 20)); // keep the pipe flowing
        dialer.out().write(MultistreamCodec.encode(Multistream.PROTOCOL_ID));
        for (int i = 0; i < Multistream.MAX_PROPOSALS; i++) {
            dialer.out().write(MultistreamCodec.encode("/p" + i));
        }
        assertThat(cause(l)).isInstanceOf(MultistreamException.class).hasMessageContaining("proposals");
        dialer.reset();
        drain.handle((r, t) -> null).get(5, TimeUnit.SECONDS);
    }

    @Test
    void unexpectedAnswerIsRejected() throws Exception {
        var d = async(() -> Multistream.select(dialer, List.of("/a")));
        listener.out().write(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/b"));
        assertThat(cause(d)).isInstanceOf(MultistreamException.class).hasMessageContaining("answered");
    }

    @Test
    void invalidProposalsAreRefusedLocally() {
        assertThatThrownBy(() -> Multistream.select(dialer, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multistream.select(dialer, List.of("na"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multistream.select(dialer, List.of("/a\n"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eofDuringNegotiation() throws IOException, InterruptedException {
        var d = async(() -> Multistream.select(dialer, List.of("/a")));
        listener.in().readNBytes(20);
        listener.close();
        assertThat(cause(d)).isInstanceOf(IOException.class);
    }

    // ---- lazy dialer

    @Test
    void lazyDialerSendsItsDataBeforeAnyAnswer() throws Exception {
        LazilySelectedStream lazy = Multistream.selectLazily(dialer, "/echo/1.0.0");
        java.io.InputStream in = lazy.in();
        lazy.out().write("ping".getBytes(StandardCharsets.US_ASCII));
        lazy.out().flush();
        // the listener reads header, proposal and data before it has written a byte: a dialer that waited for the
        // echo would never have sent the data
        assertThat(MultistreamCodec.read(listener.in())).isEqualTo(Multistream.PROTOCOL_ID);
        assertThat(MultistreamCodec.read(listener.in())).isEqualTo("/echo/1.0.0");
        assertThat(listener.in().readNBytes(4)).isEqualTo("ping".getBytes(StandardCharsets.US_ASCII));
        assertThat(in.available()).isZero();
        listener.out().write(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/echo/1.0.0"));
        listener.out().write("pong".getBytes(StandardCharsets.US_ASCII));
        listener.out().flush();
        assertThat(in.readNBytes(4)).isEqualTo("pong".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void lazyDialerAgainstTheListenerRole() throws Exception {
        var l = async(() -> {
            String p = Multistream.handle(listener, Set.of("/echo/1.0.0"));
            byte[] got = listener.in().readNBytes(5);
            listener.out().write(got);
            listener.out().flush();
            return p;
        });
        LazilySelectedStream lazy = Multistream.selectLazily(dialer, "/echo/1.0.0");
        java.io.InputStream in = lazy.in();
        lazy.out().write("hello".getBytes(StandardCharsets.US_ASCII));
        lazy.closeWrite();
        assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(l.get(5, TimeUnit.SECONDS)).isEqualTo("/echo/1.0.0");
    }

    @Test
    void lazyHalfCloseWaitsForTheAnswer() throws Exception {
        LazilySelectedStream lazy = Multistream.selectLazily(dialer, "/echo/1.0.0");
        lazy.out().write("req".getBytes(StandardCharsets.US_ASCII));
        lazy.out().close(); // the same as closeWrite()
        assertThat(MultistreamCodec.read(listener.in())).isEqualTo(Multistream.PROTOCOL_ID);
        assertThat(MultistreamCodec.read(listener.in())).isEqualTo("/echo/1.0.0");
        assertThat(listener.in().readNBytes(3)).isEqualTo("req".getBytes(StandardCharsets.US_ASCII));
        var end = async(() -> listener.in().read());
        Thread.sleep(200);
        assertThat(end).as("no end of stream before the dialer has read the answer").isNotDone();
        listener.out().write(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/echo/1.0.0"));
        listener.out().write('x');
        listener.out().flush();
        assertThat(lazy.in().read()).isEqualTo('x');
        assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void lazyHalfCloseDoesNotWaitBehindABlockedRead() throws Exception {
        LazilySelectedStream lazy = Multistream.selectLazily(dialer, "/echo/1.0.0");
        var reader = async(() -> lazy.in().read()); // blocks: no answer yet
        Thread.sleep(100);
        async(() -> {
            lazy.closeWrite();
            return true;
        }).get(2, TimeUnit.SECONDS);
        assertThat(MultistreamCodec.read(listener.in())).isEqualTo(Multistream.PROTOCOL_ID);
        assertThat(MultistreamCodec.read(listener.in())).isEqualTo("/echo/1.0.0");
        listener.out().write(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/echo/1.0.0"));
        listener.out().write('z');
        listener.out().flush();
        assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo('z');
        assertThat(async(() -> listener.in().read()).get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void lazyProposalRefusedFailsEveryRead() throws Exception {
        var l = async(() -> Multistream.handle(listener, Set.of("/other/1.0.0")));
        java.io.InputStream in = Multistream.selectLazily(dialer, "/echo/1.0.0").in();
        assertThatThrownBy(in::read).isInstanceOf(ProtocolNotSupportedException.class)
                .satisfies(e -> assertThat(((ProtocolNotSupportedException) e).proposed())
                        .containsExactly("/echo/1.0.0"));
        assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isInstanceOf(ProtocolNotSupportedException.class);
        dialer.reset();
        cause(l); // the listener gives up once the dialer is gone
    }

    @Test
    void lazyDialerRejectsAWrongHeaderOrAnswer() throws Exception {
        java.io.InputStream in = Multistream.selectLazily(dialer, "/echo/1.0.0").in();
        listener.out().write(MultistreamCodec.encodeAll("/multistream/2.0.0", "/echo/1.0.0"));
        listener.out().flush();
        assertThatThrownBy(in::read).isInstanceOf(MultistreamException.class)
                .hasMessageContaining("/multistream/2.0.0");

        MemoryPipe.Ends other = MemoryPipe.create(4096);
        java.io.InputStream in2 = Multistream.selectLazily(other.a(), "/echo/1.0.0").in();
        other.b().out().write(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/sink/1.0.0"));
        other.b().out().flush();
        assertThatThrownBy(in2::read).isInstanceOf(MultistreamException.class)
                .isNotInstanceOf(ProtocolNotSupportedException.class).hasMessageContaining("/sink/1.0.0");
    }

    @Test
    void lazyProposalMustBeAProtocolId() {
        assertThatThrownBy(() -> Multistream.selectLazily(dialer, "na")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Multistream.selectLazily(dialer, "")).isInstanceOf(IllegalArgumentException.class);
    }
}
