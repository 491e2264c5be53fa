package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The chunked answers the daemon client reads from the daemon: any chunking decodes to the same bytes. */
class DaemonHttpProperties {
    @Property
    void anyChunkingDecodesToTheBody(@ForAll @Size(max = 3000) byte[] body,
            @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 700) Integer> cuts) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int pos = 0;
        int i = 0;
        while (pos < body.length) {
            int n = Math.min(body.length - pos, cuts.isEmpty() ? body.length : cuts.get(i++ % cuts.size()));
            wire.writeBytes((Integer.toHexString(n) + (i % 2 == 0 ? ";ext=1" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            wire.write(body, pos, n);
            wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            pos += n;
        }
        wire.writeBytes("0\r\nX-Trailer: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = new DaemonHttp.Dechunked(new ByteArrayInputStream(wire.toByteArray()));
        assertThat(in.readAllBytes()).isEqualTo(body);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Property(tries = 1000)
    void arbitraryBytesEndOrFailWithIOException(@ForAll @Size(max = 400) byte[] wire) {
        InputStream in = new DaemonHttp.Dechunked(new ByteArrayInputStream(wire));
        try {
            byte[] got = in.readAllBytes();
            assertThat(got.length).isLessThanOrEqualTo(wire.length);
        } catch (IOException expected) {
            // malformed: a clear error, nothing else
        }
    }

    @Property
    void aLimitedBodyStopsAtItsLength(@ForAll @Size(max = 500) byte[] body, @ForAll @IntRange(max = 500) int length)
            throws IOException {
        InputStream in = new DaemonHttp.Limited(new ByteArrayInputStream(body), length);
        if (length <= body.length) {
            assertThat(in.readAllBytes()).hasSize(length);
        } else {
            org.assertj.core.api.Assertions.assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
    }
}
