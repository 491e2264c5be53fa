package dev.ferry.net.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class WebSocketFrameHeaderProperties {

    @Provide
    Arbitrary<WebSocketFrameHeader> headers() {
        Arbitrary<Integer> dataOps = Arbitraries.of(WebSocketFrameHeader.OP_CONTINUATION, WebSocketFrameHeader.OP_TEXT,
                WebSocketFrameHeader.OP_BINARY);
        Arbitrary<Integer> controlOps = Arbitraries.of(WebSocketFrameHeader.OP_CLOSE, WebSocketFrameHeader.OP_PING,
                WebSocketFrameHeader.OP_PONG);
        Arbitrary<Long> lengths = Arbitraries.oneOf(Arbitraries.longs().between(0, 125),
                Arbitraries.longs().between(126, 0xFFFF), Arbitraries.longs().between(0x10000, Long.MAX_VALUE));
        Arbitrary<WebSocketFrameHeader> data = Combinators.combine(Arbitraries.of(true, false), dataOps,
                Arbitraries.of(true, false), Arbitraries.integers(), lengths)
                .as((fin, op, masked, key, len) -> new WebSocketFrameHeader(fin, op, masked, masked ? key : 0, len));
        Arbitrary<WebSocketFrameHeader> control = Combinators.combine(controlOps, Arbitraries.of(true, false),
                Arbitraries.integers(), Arbitraries.longs().between(0, 125))
                .as((op, masked, key, len) -> new WebSocketFrameHeader(true, op, masked, masked ? key : 0, len));
        return Arbitraries.oneOf(data, control);
    }

    @Property
    void roundTrip(@ForAll("headers") WebSocketFrameHeader h) throws IOException {
        byte[] buf = new byte[WebSocketFrameHeader.MAX_SIZE];
        int n = h.encode(buf, 0);
        ByteArrayInputStream in = new ByteArrayInputStream(buf, 0, n);
        assertThat(WebSocketFrameHeader.read(in)).isEqualTo(h);
        assertThat(in.available()).as("the header is read exactly, nothing after it").isZero();
    }

    @Property
    void arbitraryBytesOnlyThrowDeclaredExceptionsAndReadAtMostOneHeader(@ForAll @Size(max = 40) byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            WebSocketFrameHeader h = WebSocketFrameHeader.read(in);
            if (h != null) {
                // a header read is one in its shortest form: encoding it again gives back the bytes read
                byte[] again = new byte[WebSocketFrameHeader.MAX_SIZE];
                int n = h.encode(again, 0);
                assertThat(bytes.length - in.available()).isEqualTo(n);
                for (int i = 0; i < n; i++) {
                    assertThat(again[i]).isEqualTo(bytes[i]);
                }
            } else {
                assertThat(bytes).isEmpty();
            }
        } catch (WebSocketException | EOFException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new AssertionError("undeclared " + e, e);
        }
    }

    @Property
    void maskingIsItsOwnInverseAndMatchesTheRfcDefinition(@ForAll @Size(max = 300) byte[] payload,
            @ForAll int key, @ForAll("positions") long position) {
        byte[] masked = payload.clone();
        WebSocketConnection.mask(masked, 0, masked.length, key, position);
        for (int i = 0; i < payload.length; i++) {
            int keyByte = (key >>> (24 - 8 * (int) ((position + i) & 3))) & 0xFF;
            assertThat(masked[i]).isEqualTo((byte) (payload[i] ^ keyByte));
        }
        byte[] copied = new byte[payload.length + 3];
        WebSocketConnection.maskInto(payload, 0, copied, 3, payload.length, key, position);
        assertThat(java.util.Arrays.copyOfRange(copied, 3, copied.length)).isEqualTo(masked);
        WebSocketConnection.mask(masked, 0, masked.length, key, position);
        assertThat(masked).isEqualTo(payload);
    }

    @Provide
    Arbitrary<Long> positions() {
        return Arbitraries.longs().between(0, 1L << 40);
    }
}
