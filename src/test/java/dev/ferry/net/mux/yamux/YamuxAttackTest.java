package dev.ferry.net.mux.yamux;

import static dev.ferry.net.mux.yamux.YamuxTestSupport.NO_KEEPALIVE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.net.transport.DuplexStream;
import dev.ferry.testing.net.MemoryPipe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hand-driven peer sends hostile frames to a real session (the listener side). Every attack has a "still works"
 * twin showing that a well-formed frame under the same limit passes.
 */
@Timeout(30)
class YamuxAttackTest {
    private final MemoryPipe.Ends pipe = MemoryPipe.create(1 << 20);
    private final DuplexStream raw = pipe.a();
    private final YamuxFrameCodec rawReader = new YamuxFrameCodec(raw.in(), 64 << 20);
    private final LinkedBlockingQueue<YamuxStream> inbound = new LinkedBlockingQueue<>();
    private YamuxSession session;

    private void start(YamuxConfig config) {
        session = YamuxSession.builder(pipe.b(), false).config(config).handler(inbound::add).start();
    }

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.close();
        }
        raw.reset();
    }

    private void send(YamuxFrame... frames) throws IOException {
        for (YamuxFrame f : frames) {
            raw.out().write(YamuxFrameCodec.encode(f));
        }
    }

    private void sendHex(String hex) throws IOException {
        raw.out().write(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    /** Reads frames from the session until one matches. */
    private YamuxFrame expect(Predicate<YamuxFrame> what) throws IOException {
        for (YamuxFrame f; (f = rawReader.readFrame()) != null; ) {
            if (what.test(f)) {
                return f;
            }
        }
        throw new AssertionError("connection closed before the expected frame");
    }

    private void expectGoAwayProtocolErrorAndClose() throws Exception {
        YamuxFrame f = expect(x -> x instanceof YamuxFrame.GoAway);
        assertThat(f).isEqualTo(new YamuxFrame.GoAway(GoAwayCode.PROTOCOL_ERROR));
        session.closeFuture().get(5, TimeUnit.SECONDS);
        assertThat(session.closeCause()).isInstanceOf(YamuxException.ProtocolError.class);
        assertThat(rawReader.readFrame()).isNull(); // connection closed after the GoAway
    }

    private void expectStillWorks() throws Exception {
        send(new YamuxFrame.Ping(YamuxFlags.SYN, 77));
        assertThat(expect(x -> x instanceof YamuxFrame.Ping)).isEqualTo(new YamuxFrame.Ping(YamuxFlags.ACK, 77));
        assertThat(session.isClosed()).isFalse();
    }

    private static YamuxFrame.Data data(int id, int len) {
        return new YamuxFrame.Data(id, 0, new byte[len]);
    }

    // ---- window overflow

    @Test
    void dataBeyondTheWindowIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0));
        for (int i = 0; i < 4; i++) {
            send(data(1, 64 * 1024)); // exactly the 256 KiB window; nobody reads
        }
        send(data(1, 1)); // one byte too many
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void dataUpToTheWindowIsFine() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0));
        send(data(1, YamuxConfig.INITIAL_WINDOW)); // the whole window in one frame is allowed
        YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
        expectStillWorks();
        assertThat(s.buffered()).isEqualTo(YamuxConfig.INITIAL_WINDOW);
        // reading half the window returns credit, after which more data is allowed
        assertThat(s.in().readNBytes(YamuxConfig.INITIAL_WINDOW / 2)).hasSize(YamuxConfig.INITIAL_WINDOW / 2);
        YamuxFrame update = expect(x -> x instanceof YamuxFrame.WindowUpdate w && w.delta() > 0);
        assertThat(((YamuxFrame.WindowUpdate) update).delta()).isEqualTo(YamuxConfig.INITIAL_WINDOW / 2);
        send(data(1, YamuxConfig.INITIAL_WINDOW / 2));
        expectStillWorks();
    }

    @Test
    void sendWindowOverflowingThirtyTwoBitsIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0xFFFF_FFFFL)); // 256 KiB + 4 GiB
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void largeButValidWindowUpdateIsFine() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0xFFFF_FFFFL - YamuxConfig.INITIAL_WINDOW));
        inbound.poll(5, TimeUnit.SECONDS);
        expectStillWorks();
    }

    // ---- stream ids

    @Test
    void reusingAnOpenStreamIdIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0), new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0));
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void reusingAClosedStreamIdIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0), new YamuxFrame.WindowUpdate(1, YamuxFlags.RST, 0));
        YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
        YamuxTestSupport.awaitTrue(() -> session.streamCount() == 0, "stream removed");
        assertThat(s.id()).isEqualTo(1);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0));
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void freshStreamIdsAreFine() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0), new YamuxFrame.WindowUpdate(1, YamuxFlags.RST, 0));
        send(new YamuxFrame.WindowUpdate(5, YamuxFlags.SYN, 0), new YamuxFrame.WindowUpdate(3, YamuxFlags.SYN, 0));
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(inbound.poll(5, TimeUnit.SECONDS).id());
        }
        // out of order opens are allowed; each opens its own stream, handed over in no particular order
        assertThat(ids).containsExactlyInAnyOrder(1, 5, 3);
        expectStillWorks();
    }

    @Test
    void wrongParityIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE); // the session is the listener: the dialer must use odd ids
        send(new YamuxFrame.WindowUpdate(2, YamuxFlags.SYN, 0));
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void rightParityOpensAndIsAckedOnce() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.Data(1, YamuxFlags.SYN, "hi".getBytes()));
        YamuxStream s = inbound.poll(5, TimeUnit.SECONDS);
        assertThat(s.in().readNBytes(2)).isEqualTo("hi".getBytes());
        YamuxFrame ack = expect(x -> x.header().has(YamuxFlags.ACK));
        assertThat(ack.header().streamId()).isEqualTo(1);
        s.out().write(1); // the app's first frame must not carry a second ACK
        s.closeWrite();
        YamuxFrame d = expect(x -> x instanceof YamuxFrame.Data);
        assertThat(d.header().has(YamuxFlags.ACK)).isFalse();
        YamuxFrame fin = expect(x -> x.header().has(YamuxFlags.FIN));
        assertThat(fin.header().has(YamuxFlags.ACK)).isFalse();
        expectStillWorks();
    }

    // ---- malformed frames

    @Test
    void oversizedDataFrameIsRefusedFromItsHeader() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(1, YamuxFlags.SYN, 0));
        // announces max window + 1 bytes and sends none of them: refused without waiting for the payload
        sendHex("00 00 0000 00000001" + String.format("%08x", NO_KEEPALIVE.maxWindow() + 1));
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void unknownVersionIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE);
        sendHex("01 02 0001 00000000 00000001");
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void unknownTypeIsAProtocolError() throws Exception {
        start(NO_KEEPALIVE);
        sendHex("00 04 0000 00000001 00000000");
        expectGoAwayProtocolErrorAndClose();
    }

    @Test
    void wellFormedHeadersOfEveryTypeAreFine() throws Exception {
        start(NO_KEEPALIVE);
        sendHex("00 01 0001 00000001 00000000"); // WindowUpdate SYN
        sendHex("00 00 0000 00000001 00000001 ff"); // Data
        sendHex("00 02 0001 00000000 00000009"); // Ping SYN
        assertThat(expect(x -> x instanceof YamuxFrame.Ping)).isEqualTo(new YamuxFrame.Ping(YamuxFlags.ACK, 9));
        sendHex("00 03 0000 00000000 00000000"); // GoAway normal: we keep serving existing streams
        assertThat(inbound.poll(5, TimeUnit.SECONDS).in().read()).isEqualTo(0xff);
        expectStillWorks();
        YamuxTestSupport.awaitTrue(() -> session.remoteGoAway() == GoAwayCode.NORMAL, "GoAway noted");
    }

    @Test
    void framesForUnknownStreamsAreIgnored() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.WindowUpdate(99, 0, 1000), data(101, 500), new YamuxFrame.WindowUpdate(7, YamuxFlags.RST, 0));
        expectStillWorks();
    }

    @Test
    void dataAfterFinResetsOnlyThatStream() throws Exception {
        start(NO_KEEPALIVE);
        send(new YamuxFrame.Data(1, YamuxFlags.SYN | YamuxFlags.FIN, new byte[] {1}));
        send(data(1, 10));
        YamuxFrame rst = expect(x -> x.header().has(YamuxFlags.RST));
        assertThat(rst.header().streamId()).isEqualTo(1);
        expectStillWorks();
    }

    // ---- stream flood

    @Test
    void streamsBeyondTheLimitAreResetOneByOne() throws Exception {
        start(NO_KEEPALIVE.withMaxInboundStreams(4));
        for (int id = 1; id <= 19; id += 2) { // 10 streams
            send(new YamuxFrame.Data(id, YamuxFlags.SYN, new byte[100]));
        }
        List<Integer> acked = new ArrayList<>();
        List<Integer> reset = new ArrayList<>();
        while (acked.size() + reset.size() < 10) {
            YamuxFrame f = expect(x -> x instanceof YamuxFrame.WindowUpdate);
            if (f.header().has(YamuxFlags.RST)) {
                reset.add(f.header().streamId());
            } else if (f.header().has(YamuxFlags.ACK)) {
                acked.add(f.header().streamId());
            }
        }
        assertThat(acked).containsExactly(1, 3, 5, 7);
        assertThat(reset).containsExactly(9, 11, 13, 15, 17, 19);
        assertThat(session.streamCount()).isEqualTo(4);
        expectStillWorks();
        // twin: once one stream ends, a new one is accepted again
        YamuxStream first = inbound.poll(5, TimeUnit.SECONDS);
        first.reset();
        YamuxTestSupport.awaitTrue(() -> session.streamCount() == 3, "slot freed");
        send(new YamuxFrame.WindowUpdate(21, YamuxFlags.SYN, 0));
        YamuxFrame f = expect(x -> x.header().streamId() == 21);
        assertThat(f.header().has(YamuxFlags.ACK)).isTrue();
    }

    @Test
    void pingFloodIsAnswered() throws Exception {
        start(NO_KEEPALIVE);
        var reader = YamuxTestSupport.async(() -> {
            int n = 0;
            while (n < 20_000) {
                if (rawReader.readFrame() instanceof YamuxFrame.Ping) {
                    n++;
                }
            }
            return n;
        });
        for (int i = 0; i < 20_000; i++) {
            send(new YamuxFrame.Ping(YamuxFlags.SYN, i));
        }
        assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo(20_000);
        assertThat(session.isClosed()).isFalse();
    }
}
