package dev.ferry.exchange.ferry.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.exchange.ferry.pin.wire.PinFormatException;
import dev.ferry.exchange.ferry.pin.wire.PinOp;
import dev.ferry.exchange.ferry.pin.wire.PinReply;
import dev.ferry.exchange.ferry.pin.wire.PinRequest;
import dev.ferry.exchange.ferry.pin.wire.PinState;
import dev.ferry.exchange.ferry.pin.wire.PinWire;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.multiformats.Varint;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Round trips, and arbitrary bytes never make a decoder throw anything but PinFormatException. */
class PinWireProperties {

    @Property(tries = 300)
    void requestsRoundTrip(@ForAll PinOp op, @ForAll @Size(max = 64) byte[] content,
            @ForAll @IntRange(min = 0, max = 2) int kind) throws Exception {
        Cid root = switch (kind) {
            case 0 -> Block.raw(content).cid();
            case 1 -> Block.create(0, Multicodec.DAG_PB.code(), content).cid();
            default -> Cid.decode(identityCid(content));
        };
        PinRequest r = new PinRequest(op, root);
        byte[] enc = PinWire.encodeRequest(r);
        assertThat(enc.length).isLessThanOrEqualTo(PinWire.MAX_REQUEST_BYTES);
        assertThat(PinWire.decodeRequest(enc)).isEqualTo(r);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PinWire.writeRequest(out, r);
        assertThat(PinWire.readRequest(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(r);
    }

    @Property(tries = 300)
    void repliesRoundTrip(@ForAll PinState state, @ForAll @StringLength(max = 512) String message,
            @ForAll @LongRange(min = 0) long bytes) throws Exception {
        PinReply r = new PinReply(state, message, bytes);
        byte[] enc = PinWire.encodeReply(r);
        assertThat(enc.length).isLessThanOrEqualTo(PinWire.MAX_REPLY_BYTES);
        assertThat(PinWire.decodeReply(enc)).isEqualTo(r);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PinWire.writeReply(out, r);
        assertThat(PinWire.readReply(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(r);
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyFailAsDeclared(@ForAll @Size(max = 300) byte[] bytes) {
        expectOnlyFormatErrors(() -> PinWire.decodeRequest(bytes));
        expectOnlyFormatErrors(() -> PinWire.decodeReply(bytes));
        expectOnlyFormatErrors(() -> PinWire.readRequest(new ByteArrayInputStream(bytes)));
        expectOnlyFormatErrors(() -> PinWire.readReply(new ByteArrayInputStream(bytes)));
        expectOnlyFormatErrors(() -> {
            byte[] body = PinWire.readFrame(new ByteArrayInputStream(bytes), 64);
            assertThat(body == null || body.length <= 64).isTrue();
            return body;
        });
    }

    /** Valid messages with a few bytes flipped: still only the declared exception. */
    @Property(tries = 500)
    void mutatedMessagesOnlyFailAsDeclared(@ForAll @Size(max = 64) byte[] content,
            @ForAll @StringLength(max = 40) String message,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 10_000) Integer> positions,
            @ForAll byte xor) {
        List<byte[]> valid = new ArrayList<>();
        valid.add(PinWire.encodeRequest(PinRequest.pin(Block.raw(content).cid())));
        valid.add(PinWire.encodeReply(new PinReply(PinState.PINNING, message, content.length)));
        for (byte[] v : valid) {
            byte[] m = v.clone();
            for (int p : positions) {
                m[p % m.length] ^= (byte) (xor == 0 ? 1 : xor);
            }
            expectOnlyFormatErrors(() -> PinWire.decodeRequest(m));
            expectOnlyFormatErrors(() -> PinWire.decodeReply(m));
        }
    }

    /** A declared length above the cap is refused after the length prefix: the body is neither read nor allocated. */
    @Property(tries = 200)
    void anOversizeDeclaredLengthIsRefusedBeforeAllocation(
            @ForAll @LongRange(min = PinWire.MAX_REQUEST_BYTES + 1, max = Long.MAX_VALUE) long declared,
            @ForAll boolean reply) {
        long len = reply ? Math.max(declared, PinWire.MAX_REPLY_BYTES + 1L) : declared;
        byte[] prefix = Varint.encode(len);
        int[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return read[0] < prefix.length ? prefix[read[0]++] & 0xff : (read[0]++ & 0) + 0x41;
            }
        };
        assertThatThrownBy(() -> {
            if (reply) {
                PinWire.readReply(endless);
            } else {
                PinWire.readRequest(endless);
            }
        }).isInstanceOf(PinFormatException.class);
        assertThat(read[0]).isEqualTo(prefix.length);
    }

    static byte[] identityCid(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x01, 0x55, 0x00});
        out.writeBytes(Varint.encode(content.length));
        out.writeBytes(content);
        return out.toByteArray();
    }

    interface Decode {
        Object run() throws IOException;
    }

    static void expectOnlyFormatErrors(Decode d) {
        try {
            d.run();
        } catch (PinFormatException e) {
            // declared
        } catch (Throwable t) {
            throw new AssertionError("undeclared " + t, t);
        }
    }
}
