package dev.ferry.net.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class MultistreamProperties {

    /** A dialer that pipelines everything in one write: the listener consumes exactly the negotiation bytes. */
    @Property
    void listenerConsumesExactlyTheNegotiation(@ForAll @IntRange(min = 1, max = 10) int refusedBefore,
            @ForAll @Size(max = 300) byte[] appData) throws IOException {
        List<String> proposals = new ArrayList<>();
        for (int i = 0; i < refusedBefore; i++) {
            proposals.add("/refused/" + i);
        }
        String wanted = "/wanted/1.0.0";
        proposals.add(wanted);
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        script.writeBytes(MultistreamCodec.encode(Multistream.PROTOCOL_ID));
        for (String p : proposals) {
            script.writeBytes(MultistreamCodec.encode(p));
        }
        script.writeBytes(appData);
        ByteArrayInputStream in = new ByteArrayInputStream(script.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        String chosen = Multistream.handle(in, out, wanted::equals, List::of);

        assertThat(chosen).isEqualTo(wanted);
        assertThat(in.readAllBytes()).isEqualTo(appData);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(MultistreamCodec.encode(Multistream.PROTOCOL_ID));
        for (int i = 0; i < refusedBefore; i++) {
            expected.writeBytes(MultistreamCodec.encode(Multistream.NA));
        }
        expected.writeBytes(MultistreamCodec.encode(wanted));
        assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
    }

    /** The dialer side: whatever the listener pipelined after its echo stays unread. */
    @Property
    void dialerConsumesExactlyTheNegotiation(@ForAll @IntRange(min = 0, max = 5) int refusedBefore,
            @ForAll @Size(max = 300) byte[] appData) throws IOException {
        List<String> proposals = new ArrayList<>();
        ByteArrayOutputStream listener = new ByteArrayOutputStream();
        listener.writeBytes(MultistreamCodec.encode(Multistream.PROTOCOL_ID));
        for (int i = 0; i < refusedBefore; i++) {
            proposals.add("/p/" + i);
            listener.writeBytes(MultistreamCodec.encode(Multistream.NA));
        }
        proposals.add("/ok");
        listener.writeBytes(MultistreamCodec.encode("/ok"));
        listener.writeBytes(appData);
        ByteArrayInputStream in = new ByteArrayInputStream(listener.toByteArray());

        assertThat(Multistream.select(in, OutputStreamSink.INSTANCE, proposals)).isEqualTo("/ok");
        assertThat(in.readAllBytes()).isEqualTo(appData);
    }

    /** Arbitrary bytes from a peer end in a protocol id or a MultistreamException, nothing else. */
    @Property
    void arbitraryPeerBytesOnlyThrowMultistreamException(@ForAll @Size(max = 400) byte[] bytes) {
        try {
            Multistream.handle(new ByteArrayInputStream(bytes), OutputStreamSink.INSTANCE, p -> true, List::of);
        } catch (MultistreamException expected) {
            // fine
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try {
            Multistream.select(new ByteArrayInputStream(bytes), OutputStreamSink.INSTANCE, List.of("/a", "/b"));
        } catch (MultistreamException expected) {
            // fine
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }

    /** A stream over fixed bytes in and a buffer out. */
    private record FixedStream(java.io.InputStream in, java.io.OutputStream out)
            implements dev.ferry.net.transport.DuplexStream {
        @Override
        public void closeWrite() {}

        @Override
        public void reset() {}

        @Override
        public void close() {}

        @Override
        public String remoteAddress() {
            return "fixed";
        }

        @Override
        public String localAddress() {
            return "fixed";
        }
    }

    /**
     * A lazy dialer reading any answer: the protocol's data only after exactly the header and the echo; otherwise the
     * multistream errors, the same one on every read, and nothing of the answer handed on as data.
     */
    @Property
    void lazyDialerReadsOnlyAnExactAnswer(@ForAll @Size(max = 120) byte[] answer,
            @ForAll @Size(max = 50) byte[] appData, @ForAll boolean validPrefix) throws IOException {
        ByteArrayOutputStream script = new ByteArrayOutputStream();
        if (validPrefix) {
            script.writeBytes(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/lazy/1.0.0"));
        }
        script.writeBytes(answer);
        script.writeBytes(appData);
        byte[] all = script.toByteArray();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        LazilySelectedStream lazy = Multistream.selectLazily(
                new FixedStream(new ByteArrayInputStream(all), sent), "/lazy/1.0.0");
        assertThat(sent.toByteArray()).isEqualTo(MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/lazy/1.0.0"));
        byte[] got;
        try {
            got = lazy.in().readAllBytes();
        } catch (MultistreamException e) {
            // a second read fails the same way
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lazy.in().read()).isSameAs(e);
            return;
        }
        // accepted: what follows the header and echo, byte for byte
        byte[] prefix = MultistreamCodec.encodeAll(Multistream.PROTOCOL_ID, "/lazy/1.0.0");
        assertThat(java.util.Arrays.copyOf(all, prefix.length)).isEqualTo(prefix);
        assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(all, prefix.length, all.length));
    }
}
