package dev.ferry.net.fetch.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Fetch frames: round trips, and arbitrary bytes fail only with the codec's exception. */
class FetchCodecProperties {
    @Property(tries = 500)
    void requestsAndResponsesRoundTrip(@ForAll @Size(max = 1000) byte[] key, @ForAll @Size(max = 4096) byte[] data,
                                       @ForAll FetchResponse.Status status) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FetchCodec.writeRequest(out, key);
        FetchCodec.writeResponse(out, new FetchResponse(status, data));
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(FetchCodec.readRequest(in)).isEqualTo(key);
        FetchResponse r = FetchCodec.readResponse(in);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.data()).isEqualTo(data);
        assertThat(FetchCodec.readResponse(in)).isNull();
    }

    @Property(tries = 3000)
    void arbitraryBytesFailCleanly(@ForAll @Size(max = 2048) byte[] bytes) {
        for (int which = 0; which < 2; which++) {
            try {
                if (which == 0) {
                    FetchCodec.readRequest(new ByteArrayInputStream(bytes));
                } else {
                    FetchCodec.readResponse(new ByteArrayInputStream(bytes));
                }
            } catch (FetchWireException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (IOException e) {
                throw new AssertionError("only FetchWireException is expected from memory", e);
            }
        }
    }

    @Property(tries = 200)
    void oversizedFramesAreRefusedBeforeAllocation(@ForAll @Size(min = 1, max = 8) byte[] tail) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dev.ferry.multiformats.Varint.write(FetchCodec.MAX_RESPONSE + 1L, out);
        out.writeBytes(tail);
        try {
            FetchCodec.readResponse(new ByteArrayInputStream(out.toByteArray()));
            throw new AssertionError("accepted");
        } catch (FetchWireException e) {
            assertThat(e.getMessage()).contains("exceeds");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
