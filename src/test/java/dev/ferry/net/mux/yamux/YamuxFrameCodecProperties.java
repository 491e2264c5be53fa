package dev.ferry.net.mux.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class YamuxFrameCodecProperties {
    private static final int CAP = 4096;

    @Provide
    Arbitrary<YamuxFrame> frames() {
        Arbitrary<Integer> ids = Arbitraries.integers().filter(i -> i != 0);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, YamuxFlags.ALL);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<YamuxFrame> data = Combinators.combine(ids, flags, Arbitraries.bytes().array(byte[].class).ofMaxSize(CAP))
                .as(YamuxFrame.Data::new);
        Arbitrary<YamuxFrame> update = Combinators.combine(ids, flags, u32).as(YamuxFrame.WindowUpdate::new);
        Arbitrary<YamuxFrame> ping = Combinators.combine(Arbitraries.of(YamuxFlags.SYN, YamuxFlags.ACK), u32)
                .as(YamuxFrame.Ping::new);
        Arbitrary<YamuxFrame> goAway = Arbitraries.of(GoAwayCode.class).map(YamuxFrame.GoAway::new);
        return Arbitraries.oneOf(data, update, ping, goAway);
    }

    @Provide
    Arbitrary<List<YamuxFrame>> frameLists() {
        return frames().list().ofMaxSize(8);
    }

    @Property
    void roundTrip(@ForAll("frameLists") List<YamuxFrame> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (YamuxFrame f : frames) {
            out.writeBytes(YamuxFrameCodec.encode(f));
        }
        YamuxFrameCodec codec = new YamuxFrameCodec(new ByteArrayInputStream(out.toByteArray()), CAP);
        List<YamuxFrame> back = new ArrayList<>();
        for (YamuxFrame f; (f = codec.readFrame()) != null; ) {
            back.add(f);
        }
        assertThat(back).isEqualTo(frames);
    }

    @Property
    void arbitraryBytesOnlyThrowYamuxException(@ForAll @Size(max = 600) byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        YamuxFrameCodec codec = new YamuxFrameCodec(in, 256);
        try {
            for (int i = 0; i < 100 && codec.readFrame() != null; i++) {
                // each frame consumes at least 12 bytes, so this terminates
            }
        } catch (YamuxException expected) {
            // fine
        } catch (IOException e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }

    @Property
    void arbitraryHeadersNeverAllocateBeyondTheCap(@ForAll @Size(12) byte[] header) {
        // a header announcing more than the cap is refused before reading: nothing after it is consumed
        ByteArrayInputStream in = new ByteArrayInputStream(concat(header, new byte[300]));
        try {
            YamuxHeader h = new YamuxFrameCodec(in, 256).readHeader();
            if (h.type() == YamuxFrameType.DATA) {
                assertThat(h.length()).isLessThanOrEqualTo(256);
            }
        } catch (YamuxException e) {
            assertThat(in.available()).isEqualTo(300);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
