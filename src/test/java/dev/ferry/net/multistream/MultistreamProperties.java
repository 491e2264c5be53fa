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
}
