package dev.ferry.exchange.ferry.request;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.exchange.ferry.request.wire.RequestFormatException;
import dev.ferry.exchange.ferry.request.wire.RequestWire;
import dev.ferry.exchange.ferry.request.wire.ResponseFrame;
import dev.ferry.multiformats.CidPrefix;
import dev.ferry.exchange.ferry.request.wire.WireRequest;
import dev.ferry.multiformats.Cid;
import dev.ferry.multiformats.Multicodec;
import dev.ferry.store.Block;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;

/** Round trips, and arbitrary bytes never make a decoder throw anything but RequestFormatException. */
class RequestWireProperties {

    @Property(tries = 300)
    void requestsRoundTrip(@ForAll @Size(max = 64) byte[] content, @ForAll boolean v0,
            @ForAll @AlphaChars @StringLength(max = 128) String requester,
            @ForAll @Size(max = 3) @UniqueElements List<@IntRange(min = 1, max = 3) Integer> sources,
            @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long ttl) throws Exception {
        Cid root = v0 ? Block.create(0, Multicodec.DAG_PB.code(), content).cid() : Block.raw(content).cid();
        List<Source> s = sources.stream().map(Source::ofCode).toList();
        WireRequest r = new WireRequest(root, requester, s, ttl);
        assertThat(RequestWire.decodeRequest(RequestWire.encodeRequest(r))).isEqualTo(r);
    }

    @Property(tries = 300)
    void framesRoundTrip(@ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 0) int status,
            @ForAll @StringLength(max = 512) String message, @ForAll @LongRange(min = 0) long blocks,
            @ForAll @Size(max = 4096) byte[] data, @ForAll boolean v0) throws Exception {
        ResponseFrame f = switch (kind) {
            case 0 -> new ResponseFrame.Header(status, message);
            case 1 -> new ResponseFrame.End(status, blocks, message);
            case 2 -> new ResponseFrame.Wait();
            default -> new ResponseFrame.BlockFrame(CidPrefix.of(v0
                    ? Block.create(0, Multicodec.DAG_PB.code(), data).cid() : Block.raw(data).cid()), data);
        };
        ResponseFrame back = RequestWire.decodeFrame(RequestWire.encodeFrame(f));
        if (f instanceof ResponseFrame.BlockFrame b) {
            ResponseFrame.BlockFrame bb = (ResponseFrame.BlockFrame) back;
            assertThat(bb.prefix()).isEqualTo(b.prefix());
            assertThat(bb.data()).isEqualTo(b.data());
        } else {
            assertThat(back).isEqualTo(f);
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesOnlyFailAsDeclared(@ForAll @Size(max = 300) byte[] bytes) {
        expectOnlyFormatErrors(() -> RequestWire.decodeRequest(bytes));
        expectOnlyFormatErrors(() -> RequestWire.decodeFrame(bytes));
        expectOnlyFormatErrors(() -> {
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            byte[] body = RequestWire.readFrame(in, 64);
            assertThat(body == null || body.length <= 64).isTrue();
            return body;
        });
    }

    @Property(tries = 500)
    void theBuiltInLinkReaderNeverThrows(@ForAll @Size(max = 300) byte[] bytes) {
        Block b = Block.create(1, Multicodec.DAG_PB.code(), bytes);
        assertThat(dev.ferry.exchange.ferry.request.wire.PbLinks.of(b)).isNotNull();
    }

    /** Valid frames with a few bytes flipped: still only the declared exception. */
    @Property(tries = 500)
    void mutatedFramesOnlyFailAsDeclared(@ForAll @Size(max = 200) byte[] data,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 10_000) Integer> positions,
            @ForAll byte xor) {
        List<byte[]> valid = new ArrayList<>();
        valid.add(RequestWire.encodeFrame(new ResponseFrame.BlockFrame(CidPrefix.of(Block.raw(data).cid()), data)));
        valid.add(RequestWire.encodeRequest(new WireRequest(Block.raw(data).cid(), "did:key:z", List.of(Source.PEER),
                1)));
        for (byte[] v : valid) {
            byte[] m = v.clone();
            for (int p : positions) {
                m[p % m.length] ^= (byte) (xor == 0 ? 1 : xor);
            }
            expectOnlyFormatErrors(() -> RequestWire.decodeFrame(m));
            expectOnlyFormatErrors(() -> RequestWire.decodeRequest(m));
        }
    }

    interface Decode {
        Object run() throws IOException;
    }

    static void expectOnlyFormatErrors(Decode d) {
        try {
            d.run();
        } catch (RequestFormatException e) {
            // declared
        } catch (Throwable t) {
            throw new AssertionError("undeclared " + t, t);
        }
    }
}
