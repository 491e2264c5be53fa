package dev.ferry.multiformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LengthPrefixedFrameProperties {
    static final class Refused extends IOException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Property(tries = 300)
    void framesReadBackWhatWasWritten(@ForAll @Size(max = 8) List<@Size(max = 300) byte[]> bodies) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : bodies) {
            Varint.write(b.length, out);
            out.write(b);
        }
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        for (byte[] b : bodies) {
            assertThat(LengthPrefixedFrame.read(in, 300, Refused::new)).isEqualTo(b);
        }
        assertThat(LengthPrefixedFrame.read(in, 300, Refused::new)).isNull();
    }

    @Property(tries = 1000)
    void junkFailsOnlyWithTheGivenExceptionAndNeverPastTheCap(@ForAll @Size(max = 200) byte[] junk,
            @ForAll @IntRange(min = 0, max = 100) int cap) {
        ByteArrayInputStream in = new ByteArrayInputStream(junk);
        try {
            for (int i = 0; i < 300; i++) {
                byte[] body = LengthPrefixedFrame.read(in, cap, Refused::new);
                if (body == null) {
                    return;
                }
                assertThat(body.length).isLessThanOrEqualTo(cap);
            }
        } catch (Refused expected) {
            // malformed, oversized or truncated
        } catch (IOException e) {
            throw new AssertionError("an exception other than the protocol's: " + e);
        }
    }

    @Property(tries = 100)
    void aTruncatedBodyAndAnOversizedLengthAreRefused(@ForAll @IntRange(min = 1, max = 1000) int len) {
        byte[] prefix = Varint.encode(len);
        byte[] cut = new byte[prefix.length + len - 1];
        System.arraycopy(prefix, 0, cut, 0, prefix.length);
        assertThatThrownBy(() -> LengthPrefixedFrame.read(new ByteArrayInputStream(cut), len, Refused::new))
                .isInstanceOf(Refused.class).hasMessageContaining("ended inside a frame");
        assertThatThrownBy(() -> LengthPrefixedFrame.read(new ByteArrayInputStream(cut), len - 1, Refused::new))
                .isInstanceOf(Refused.class).hasMessageContaining("exceeds the cap of " + (len - 1));
    }
}
